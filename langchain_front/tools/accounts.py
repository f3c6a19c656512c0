"""Account tools: find, read, create and update the companies (accounts) contacts belong to,
and list an account's contacts.

Front's account list has no filter, so finding an account by name reads the list a bounded
number of pages at a time and matches locally; a domain is first looked up directly through
Front's ``alt:domain:`` alias (one request).
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from langchain_core.tools import ToolException
from pydantic import AfterValidator, BaseModel, Field, model_validator

from langchain_front.client.pages import ListPage
from langchain_front.errors import FrontConflictError, FrontNotFoundError
from langchain_front.tools._base import Call, FrontTool, Steps
from langchain_front.tools._fields import IdKind, Limit, PageToken, ToolArgs
from langchain_front.tools._paging import PageRequest, page_content
from langchain_front.tools._registry import register
from langchain_front.tools.render.accounts import render_account, render_account_line
from langchain_front.tools.render.contacts import render_contact_line
from langchain_front.tools.render.text import more_results

ACCOUNT = IdKind(
    "acc_",
    "account",
    "acc_6f0",
    "find the account by domain (alt:domain:<domain>) or by its ID in your CRM "
    "(alt:external_id:<id>)",
    ("alt:domain:", "alt:external_id:"),
)
AccountRef = Annotated[str, AfterValidator(ACCOUNT), ACCOUNT.field(), ACCOUNT]


class GetAccountInput(ToolArgs):
    """Arguments of front_get_account."""

    account_id: AccountRef


@register
class FrontGetAccount(FrontTool):
    """Read an account (a customer company) by ID, domain or external ID."""

    name: str = "front_get_account"
    description: str = (
        "Read a Front account (the company a contact belongs to) by ID (acc_...), by domain "
        "(alt:domain:acme.com) or by its ID in your CRM (alt:external_id:...): name, domains, "
        "external ID, description and custom fields."
    )
    args_schema: type[BaseModel] = GetAccountInput
    operations = ("fetch-an-account",)
    group = "accounts"
    example = {"account_id": "acc_6f0"}

    def steps(self, args: GetAccountInput) -> Steps:
        """GET the account."""
        response = yield Call("fetch-an-account", path_params={"account_id": args.account_id})
        return render_account(response.data or {}), response.data


#: Accounts read per call of front_find_accounts at most (pages of 100): a bound on requests.
SCAN_PAGES = 5
SCAN_PAGE_SIZE = 100

_DOMAIN = re.compile(r"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$")


def normalize_domain(text: str) -> str:
    """``https://www.Acme.com/about`` or ``jo@acme.com`` -> ``acme.com`` (Front stores bare
    domains)."""
    value = text.strip().lower()
    value = value.rsplit("@", 1)[-1]
    value = re.sub(r"^[a-z][a-z0-9+.-]*://", "", value)
    value = value.split("/", 1)[0].split("?", 1)[0].split(":", 1)[0]
    return value.removeprefix("www.").strip(".")


def _domains(values: list[str]) -> list[str]:
    out: list[str] = []
    for raw in values:
        domain = normalize_domain(raw)
        if not _DOMAIN.match(domain):
            raise ToolException(
                f"{raw!r} is not a domain; give a bare domain such as acme.com (no spaces)."
            )
        if domain not in out:
            out.append(domain)
    return out


def _rank(account: dict[str, Any], needle: str) -> int | None:
    """0: exact name, domain or external ID; 1: name or domain starts with it; 2: contains it;
    None: no match."""
    name = str(account.get("name") or "").casefold()
    domains = [str(d).casefold() for d in account.get("domains") or []]
    external = str(account.get("external_id") or "").casefold()
    if needle in (name, external) or needle in domains:
        return 0
    if name.startswith(needle) or any(d.startswith(needle) for d in domains):
        return 1
    if needle in name or any(needle in d for d in domains):
        return 2
    return None


class FindAccountsInput(ToolArgs):
    """Arguments of front_find_accounts."""

    query: str = Field(
        min_length=2,
        max_length=200,
        description="Part of the account's name (case-insensitive), a domain (acme.com, or a "
        "URL or email address at it), or its external ID.",
    )
    limit: int = Field(
        default=10, ge=1, le=50, description="How many matching accounts to return at most."
    )
    page_token: PageToken = None


@register
class FrontFindAccounts(FrontTool):
    """Find accounts by name, domain or external ID."""

    name: str = "front_find_accounts"
    description: str = (
        "Find Front accounts (customer companies) whose name contains the query, or by domain "
        "or external ID: one line each with ID, name, domains and external ID. A domain is "
        "looked up directly; a name is matched while reading the account list "
        f"({SCAN_PAGES * SCAN_PAGE_SIZE} accounts per call at most; the result says when more "
        "are left and gives the page_token to go on)."
    )
    args_schema: type[BaseModel] = FindAccountsInput
    operations = ("fetch-an-account", "list-accounts")
    group = "accounts"
    example = {"query": "globex"}

    def steps(self, args: FindAccountsInput) -> Steps:
        """Domain alias first when the query looks like a domain, then a bounded scan.

        The artifact holds Front's responses as read and the IDs of the matching accounts, best
        first.
        """
        query = args.query.strip()
        domain = normalize_domain(query)
        if not args.page_token and _DOMAIN.match(domain):
            try:
                response = yield Call(
                    "fetch-an-account", path_params={"account_id": f"alt:domain:{domain}"}
                )
            except FrontNotFoundError:
                pass  # a name with a dot, or a domain not on any account: scan
            else:
                data = response.data or {}
                content = f"1 account with domain {domain}:\n{render_account_line(data)}"
                return content, {"matches": [data.get("id")], "responses": [data]}
        # A domain-like query (also a URL or an address at it) is matched as its bare domain.
        needle = (domain if _DOMAIN.match(domain) else query).casefold()
        request = PageRequest.of(SCAN_PAGE_SIZE, args.page_token)
        found: list[tuple[int, int, dict[str, Any]]] = []
        scanned = 0
        resume: str | None = None
        responses: list[Any] = []
        for _ in range(SCAN_PAGES):
            response = yield Call("list-accounts", query=request.query())
            responses.append(response.data)
            page = ListPage.of(response.data)
            rows = page.items[request.skip :]
            resume = page.page_token
            for index, account in enumerate(rows):
                scanned += 1
                rank = _rank(account, needle) if isinstance(account, dict) else None
                if rank is not None:
                    found.append((rank, len(found), account))
                if len(found) >= args.limit:
                    if index + 1 < len(rows):  # go on from the next row of this page
                        resume = request.resume(index + 1)
                    break
            if resume is None or len(found) >= args.limit:
                break
            request = PageRequest(limit=SCAN_PAGE_SIZE, front_token=resume)
        found.sort(key=lambda item: item[:2])
        accounts = [account for _, _, account in found]
        content = _find_content(query, accounts, scanned, resume)
        artifact = {
            "matches": [account.get("id") for account in accounts],
            "scanned": scanned,
            "page_token": resume,
            "responses": responses,
        }
        return content, artifact


def _find_content(
    query: str, accounts: list[dict[str, Any]], scanned: int, resume: str | None
) -> str:
    where = f"among {scanned} accounts read" + (" (more left)" if resume else " (all of them)")
    if not accounts:
        head = f"No account matches {query!r} {where}."
    else:
        noun = "account matches" if len(accounts) == 1 else "accounts match"
        head = f"{len(accounts)} {noun} {query!r} {where}:"
    lines = [head, *(render_account_line(a) for a in accounts)]
    if resume:
        lines.append(more_results(resume))
    return "\n".join(lines)


class AccountContactsInput(ToolArgs):
    """Arguments of front_list_account_contacts."""

    account_id: AccountRef
    limit: Limit = 50
    page_token: PageToken = None


@register
class FrontListAccountContacts(FrontTool):
    """The contacts of an account."""

    name: str = "front_list_account_contacts"
    description: str = (
        "List the contacts of a Front account (customer company): one line each with contact ID, "
        "name and handles (emails, phones). The account may be given by ID, by domain "
        "(alt:domain:acme.com) or by external ID."
    )
    args_schema: type[BaseModel] = AccountContactsInput
    operations = ("list-account-contacts",)
    group = "accounts"
    example = {"account_id": "acc_6f0"}

    def steps(self, args: AccountContactsInput) -> Steps:
        """List one page."""
        request = PageRequest.of(args.limit, args.page_token)
        response = yield Call(
            "list-account-contacts",
            path_params={"account_id": args.account_id},
            query=request.query(),
        )
        content = page_content(response.data, request, render_contact_line, noun="contacts")
        return content, response.data


def _taken(exc: FrontConflictError, what: str) -> ToolException:
    detail = exc.message or "a domain or external ID belongs to another account"
    return ToolException(
        f"Front refused to {what}: {detail}. A domain or external ID belongs to one account "
        "only: find that account (front_find_accounts) and update it instead."
    )


class CreateAccountInput(ToolArgs):
    """Arguments of front_create_account."""

    name: str = Field(min_length=1, max_length=255, description="The company's name.")
    domains: list[str] = Field(
        default_factory=list,
        max_length=20,
        description="The company's email or web domains (acme.com): contacts with an email at "
        "them belong to the account.",
    )
    external_id: str | None = Field(
        default=None,
        max_length=255,
        description="The company's ID in your CRM or back office (cannot be changed later).",
    )
    description: str | None = Field(
        default=None, max_length=5000, description="A short description of the company."
    )


@register
class FrontCreateAccount(FrontTool):
    """Create an account (a customer company)."""

    name: str = "front_create_account"
    description: str = (
        "Create a Front account (a customer company) with a name, domains, an external ID from "
        "your CRM and a description. Returns the new account (acc_... ID). Fails when a domain "
        "or the external ID already belongs to an account: find it (front_find_accounts) "
        "instead. Custom fields: front_update_custom_fields."
    )
    args_schema: type[BaseModel] = CreateAccountInput
    operations = ("create-account",)
    group = "accounts"
    example = {"name": "Soylent", "domains": ["soylent.example"]}

    def steps(self, args: CreateAccountInput) -> Steps:
        """POST the account, domains normalized."""
        body: dict[str, Any] = {"name": args.name.strip()}
        if args.domains:
            body["domains"] = _domains(args.domains)
        if args.external_id:
            body["external_id"] = args.external_id.strip()
        if args.description:
            body["description"] = args.description
        try:
            response = yield Call("create-account", body=body)
        except FrontConflictError as exc:
            raise _taken(exc, "create the account") from exc
        data = response.data or {}
        return "Created account.\n" + render_account(data), data


class UpdateAccountInput(ToolArgs):
    """Arguments of front_update_account."""

    account_id: AccountRef
    name: str | None = Field(default=None, max_length=255, description="New name.")
    description: str | None = Field(
        default=None, max_length=5000, description="New description (replaces the old one)."
    )
    add_domains: list[str] = Field(
        default_factory=list, max_length=20, description="Domains to add; the others are kept."
    )
    remove_domains: list[str] = Field(
        default_factory=list, max_length=20, description="Domains to remove; the others are kept."
    )

    @model_validator(mode="after")
    def _something_to_change(self) -> UpdateAccountInput:
        if (
            self.name is None
            and self.description is None
            and not self.add_domains
            and not self.remove_domains
        ):
            raise ValueError(
                "nothing to update: give name, description, add_domains or remove_domains "
                "(custom fields: front_update_custom_fields; the external ID cannot be changed)"
            )
        return self


@register
class FrontUpdateAccount(FrontTool):
    """Change an account's name, description or domains."""

    name: str = "front_update_account"
    description: str = (
        "Change a Front account's name or description, or add and remove domains (the other "
        "domains are kept). Returns the updated account. The external ID cannot be changed; "
        "custom fields: front_update_custom_fields (Front's update replaces them all)."
    )
    args_schema: type[BaseModel] = UpdateAccountInput
    operations = ("fetch-an-account", "update-account")
    group = "accounts"
    example = {"account_id": "acc_6f0", "add_domains": ["globex-corp.example"]}

    def steps(self, args: UpdateAccountInput) -> Steps:
        """PATCH only the fields given; domains are read, merged and written back whole."""
        ids = {"account_id": args.account_id}
        body: dict[str, Any] = {}
        if args.name is not None:
            body["name"] = args.name.strip()
        if args.description is not None:
            body["description"] = args.description
        notes: list[str] = []
        if args.add_domains or args.remove_domains:
            adding, removing = _domains(args.add_domains), _domains(args.remove_domains)
            # Front's domains field replaces every domain: read them first.
            current = (yield Call("fetch-an-account", path_params=ids)).data or {}
            domains = [str(d) for d in current.get("domains") or [] if isinstance(d, str)]
            kept = [d for d in domains if d.lower() not in removing]
            body["domains"] = list(dict.fromkeys(kept + [d for d in adding if d not in kept]))
            missing = [d for d in removing if d not in (x.lower() for x in domains)]
            if missing:
                notes.append("not a domain of this account: " + ", ".join(missing))
        try:
            response = yield Call("update-account", path_params=ids, body=body)
        except FrontConflictError as exc:
            raise _taken(exc, "update the account") from exc
        data = response.data or {}
        content = "Updated account.\n" + render_account(data)
        if notes:
            content += "\n(" + "; ".join(notes) + ")"
        return content, data
