"""The Front double's seeded messages and comments, as data.

A companion of :mod:`langchain_front.testing.seed` (the workspace's IDs and other records), kept
apart so each file stays readable in one sitting; :class:`~langchain_front.testing.store.FrontStore`
loads both.
"""

from __future__ import annotations

from typing import Final

from langchain_front.testing.seed import (
    _AVA,
    _BEN,
    _CHLOE,
    _DEV,
    _JANE,
    _MARIA_EMAIL,
    _MARIA_PHONE,
    _PARTNER,
    _SUPPORT,
    SEED,
    CommentRow,
    MessageRow,
)

MESSAGES: Final = (
    # 1. The invoice thread.
    MessageRow(
        SEED.message_ids[0],
        SEED.conversation_id,
        60,
        "<p>Hi Acme team,</p>"
        "<p>Our invoice <strong>#4521</strong> charged us twice for the October shipment. "
        'The invoice is attached and also on <a href="https://billing.globex.example/'
        'invoices/4521">our billing portal</a>.</p><p>Thanks,<br>Jane Doe<br>Globex</p>',
        ((_JANE, "from", "Jane Doe"), (_SUPPORT, "to", "Acme Support")),
        is_inbound=True,
        uid=SEED.message_uid,
        attachment_ids=(SEED.attachment_id,),
    ),
    MessageRow(
        SEED.message_ids[1],
        SEED.conversation_id,
        95,
        "<p>Hi Jane,</p><p>Sorry about that! I've asked our billing team to refund the "
        'duplicate charge. You can follow it on <a href="https://status.acme.example/'
        'requests/4521">our status page</a>.</p><p>Best,<br>Ava</p>'
        '<div class="front-quote"><blockquote>Our invoice #4521 charged us twice for the '
        "October shipment.</blockquote></div>",
        ((_SUPPORT, "from", "Ava Chen"), (_JANE, "to", "Jane Doe")),
        is_inbound=False,
        author_id=_AVA,
        replied_to=SEED.message_ids[0],
    ),
    MessageRow(
        SEED.message_ids[2],
        SEED.conversation_id,
        24 * 60 - 120,
        "<p>Thanks Ava &mdash; any update? We need this fixed before the end of the "
        'month. Our PO is <a href="https://billing.globex.example/po/778">PO-778</a>.</p>'
        '<div class="gmail_quote"><p>On Wed, Nov 29, Ava Chen wrote:</p><blockquote>'
        "<p>Sorry about that! I've asked our billing team to refund the duplicate "
        "charge.</p></blockquote></div>",
        (
            (_JANE, "from", "Jane Doe"),
            (_SUPPORT, "to", "Acme Support"),
            ("ap@globex.example", "cc", "Globex AP"),
        ),
        is_inbound=True,
        replied_to=SEED.message_ids[1],
    ),
    # 2. The portal login.
    MessageRow(
        "msg_8h3",
        SEED.unassigned_conversation_id,
        300,
        "<p>Hello, since this morning the portal says <em>invalid password</em> even "
        "after a reset. Can you help?</p><p>Raj</p>",
        (("raj.kumar@initech.example", "from", "Raj Kumar"), (_SUPPORT, "to", "Acme Support")),
        is_inbound=True,
    ),
    # 3. The partner order, on the custom channel.
    MessageRow(
        "msg_8h4",
        SEED.archived_conversation_id,
        400,
        "Where is order PO-778? It was due yesterday.",
        ((_PARTNER, "from", "Globex Orders Bot"),),
        is_inbound=True,
        type="custom",
        channel_id=SEED.custom_channel_id,
        thread_ref="po-778",
        text="Where is order PO-778? It was due yesterday.",
    ),
    MessageRow(
        "msg_8h5",
        SEED.archived_conversation_id,
        420,
        "PO-778 shipped this morning, tracking number 1Z999AA10123456784.",
        ((_PARTNER, "to", "Globex Orders Bot"),),
        is_inbound=False,
        type="custom",
        channel_id=SEED.custom_channel_id,
        author_id=_BEN,
        replied_to="msg_8h4",
        thread_ref="po-778",
        text="PO-778 shipped this morning, tracking number 1Z999AA10123456784.",
    ),
    # 4. The SMS and its draft reply (a draft does not move its conversation's updated_at).
    MessageRow(
        "msg_8h6",
        SEED.sms_conversation_id,
        500,
        "Hi, can you deliver between 2 and 4pm on Friday?",
        ((_MARIA_PHONE, "from", "Maria Garcia"), (SEED.sms_channel_address, "to", None)),
        is_inbound=True,
        type="sms",
        channel_id=SEED.sms_channel_id,
        text="Hi, can you deliver between 2 and 4pm on Friday?",
    ),
    MessageRow(
        SEED.draft_id,
        SEED.sms_conversation_id,
        520,
        "Friday 2-4pm works, see you then!",
        ((SEED.sms_channel_address, "from", "Chloe Park"), (_MARIA_PHONE, "to", "Maria Garcia")),
        is_inbound=False,
        type="sms",
        channel_id=SEED.sms_channel_id,
        author_id=_CHLOE,
        is_draft=True,
        draft_mode="private",
        text="Friday 2-4pm works, see you then!",
        version=SEED.draft_version,
    ),
    # 5. The damaged pallet.
    MessageRow(
        "msg_8h7",
        SEED.snoozed_conversation_id,
        600,
        "<p>One pallet arrived water-damaged. We would like a refund for it.</p>"
        "<p>Maria Garcia<br>Umbrella Corp</p>",
        ((_MARIA_EMAIL, "from", "Maria Garcia"), (_SUPPORT, "to", "Acme Support")),
        is_inbound=True,
    ),
    MessageRow(
        "msg_8h8",
        SEED.snoozed_conversation_id,
        640,
        "<p>Hi Maria, we are sorry! We will process the refund once the carrier confirms "
        "the damage report, we will get back to you on Monday.</p><p>Dev</p>",
        ((_SUPPORT, "from", "Dev Patel"), (_MARIA_EMAIL, "to", "Maria Garcia")),
        is_inbound=False,
        author_id=_DEV,
        replied_to="msg_8h7",
    ),
    # 6. The spam.
    MessageRow(
        "msg_8ha",
        SEED.trashed_conversation_id,
        700,
        '<p>Claim your <a href="http://prizes.example/claim">free prize</a> now!</p>',
        (("winner@prizes.example", "from", None), (_SUPPORT, "to", "Acme Support")),
        is_inbound=True,
    ),
    # 7. The duplicate.
    MessageRow(
        "msg_8hb",
        SEED.merged_conversation_id,
        61,
        "<p>Sending again in case the first email got lost: invoice #4521 was charged "
        "twice.</p><p>Jane</p>",
        ((_JANE, "from", "Jane Doe"), (_SUPPORT, "to", None)),
        is_inbound=True,
    ),
)

COMMENTS: Final = (
    CommentRow(
        SEED.comment_ids[0],
        SEED.conversation_id,
        _AVA,
        100,
        "@beno can you confirm the refund for invoice 4521 went out?",
    ),
    CommentRow(
        SEED.comment_ids[1],
        SEED.conversation_id,
        _BEN,
        130,
        "Refund is queued, it should land in 3-5 business days.",
        replied_to=SEED.comment_ids[0],
    ),
)
