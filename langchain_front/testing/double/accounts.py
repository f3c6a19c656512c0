"""Front double handlers for accounts and the contacts they hold.

A domain or external ID names one account (Front resolves ``alt:domain:`` and
``alt:external_id:`` aliases to a single account), so a second account claiming one is a 409.
"""

from __future__ import annotations

import copy

import httpx

from langchain_front.testing.builders import make_account
from langchain_front.testing.double.calls import (
    Abort,
    Call,
    error_response,
    handles,
    replace_custom_fields,
    reply,
)
from langchain_front.testing.double.core import FrontDouble, edit_membership
from langchain_front.testing.double.pages import records_list


@handles("list-accounts")
def list_accounts(double: FrontDouble, call: Call) -> httpx.Response:
    st = double.store
    return records_list(double, call, st.accounts, sorted(st.accounts))


def _check_unique(double: FrontDouble, call: Call, account_id: str | None) -> None:
    """409 when a domain or the external ID of the body belongs to another account."""
    domains = {str(d).lower() for d in call.arg("domains") or []}
    external = call.arg("external_id")
    for other_id, other in double.store.accounts.items():
        if other_id == account_id:
            continue
        taken = domains & {str(d).lower() for d in other["domains"]}
        if taken or (external is not None and other["external_id"] == str(external)):
            what = f"domain {sorted(taken)[0]}" if taken else f"external ID {external}"
            raise Abort(
                error_response(409, "Conflict", f"The {what} is already used by account {other_id}")
            )


@handles("create-account")
def create_account(double: FrontDouble, call: Call) -> httpx.Response:
    st = double.store
    _check_unique(double, call, None)
    account_id = st.new_id("acc")
    external = call.arg("external_id")
    rec = make_account(
        st,
        account_id,
        str(call.arg("name") or ""),
        domains=[str(d) for d in call.arg("domains") or []],
        external_id=str(external) if external is not None else None,
        description=call.arg("description"),
        created_at=st.now(),
    )
    replace_custom_fields(rec, call)
    st.accounts[account_id] = rec
    st.account_contacts[account_id] = []
    return reply(call, copy.deepcopy(rec))


@handles("fetch-an-account")
def get_account(double: FrontDouble, call: Call) -> httpx.Response:
    return reply(call, copy.deepcopy(double.store.accounts[call.params["account_id"]]))


@handles("update-account")
def update_account(double: FrontDouble, call: Call) -> httpx.Response:
    st = double.store
    rec = st.accounts[call.params["account_id"]]
    _check_unique(double, call, call.params["account_id"])
    if isinstance(call.arg("name"), str):
        rec["name"] = call.arg("name")
    if isinstance(call.arg("domains"), list):
        rec["domains"] = [str(d) for d in call.arg("domains")]
    if isinstance(call.arg("description"), str):
        rec["description"] = call.arg("description")
    replace_custom_fields(rec, call)
    rec["updated_at"] = st.now()
    return reply(call, copy.deepcopy(rec))


@handles("delete-an-account")
def delete_account(double: FrontDouble, call: Call) -> httpx.Response:
    account_id = call.params["account_id"]
    double.store.accounts.pop(account_id, None)
    double.store.account_contacts.pop(account_id, None)
    return reply(call)


@handles("list-account-contacts")
def list_account_contacts(double: FrontDouble, call: Call) -> httpx.Response:
    st = double.store
    ids = st.account_contacts.get(call.params["account_id"], [])
    return records_list(double, call, st.contacts, ids)


@handles("add-contact-to-account", "remove-contact-from-account")
def account_contacts(double: FrontDouble, call: Call) -> httpx.Response:
    members = double.store.account_contacts.setdefault(call.params["account_id"], [])
    edit_membership(double, call, members, "contact")
    return reply(call)
