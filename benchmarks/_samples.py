"""Sample data of the benchmarks: a typical customer email as Front stores it (HTML)."""

from __future__ import annotations

#: A typical 1.5 KB reply (Gmail markup: divs, a list, a signature, the quoted message).
TYPICAL_EMAIL_HTML = (
    '<div dir="ltr"><div>Hi Michael,</div><div><br></div><div>Thanks for getting back to me so '
    "quickly. I checked the invoice again and the charge of <b>$1,249.00</b> on November 28 "
    "appears twice on our card statement &mdash; once at 09:14 and once at 09:16.</div><div><br>"
    "</div><div>Could you please:</div><ul><li>refund the duplicate charge,</li><li>confirm the "
    "order #4521 ships this week, and</li><li>send the updated invoice to <a "
    'href="mailto:ap@globex.example">ap@globex.example</a>?</li></ul><div>Our PO number is <span '
    'style="font-family:monospace">PO-88231</span>.</div><div><br></div><div>Best regards,</div>'
    "<div>Jane Doe<br>Accounts Payable &middot; Globex Corporation<br>+1 555 010 1234</div><br>"
    '<div class="gmail_quote"><div dir="ltr" class="gmail_attr">On Tue, Nov 28, 2023 at 4:02 PM '
    'Acme Support &lt;<a href="mailto:support@acme.example">support@acme.example</a>&gt; wrote:'
    '<br></div><blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;border-left:1px '
    'solid rgb(204,204,204);padding-left:1ex"><div dir="ltr"><div>Hello Jane,</div><div><br>'
    "</div><div>We received your message about invoice #4521 and are looking into it. You will "
    "hear from us within one business day.</div><div><br></div><div>Kind regards,<br>Michael<br>"
    "Acme Paper Co. Support</div><div><br></div><div><table><tr><td><img "
    'src="https://acme.example/logo.png" alt="Acme"></td><td style="padding-left:8px"><b>Acme '
    "Paper Co.</b><br>1725 Slough Avenue, Scranton PA</td></tr></table></div></div></blockquote>"
    "</div></div>"
)
