"""Account tools: the companies (accounts) that contacts belong to."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, BaseModel

from langchain_front.tools._base import Call, FrontTool, Steps
from langchain_front.tools._fields import IdKind, ToolArgs
from langchain_front.tools._registry import register
from langchain_front.tools.render.accounts import render_account

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
