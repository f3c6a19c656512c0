"""Front double handlers for accounts and the contacts they hold."""

from __future__ import annotations

import copy

import httpx

from langchain_front.testing.builders import make_account
from langchain_front.testing.double.calls import Call, handles, replace_custom_fields, reply
from langchain_front.testing.double.core import FrontDouble, edit_membership
from langchain_front.testing.double.pages import records_list


@handles("list-accounts")
def list_accounts(double: FrontDouble, call: Call) -> httpx.Response:
    st = double.store
    return records_list(double, call, st.accounts, sorted(st.accounts))


@handles("create-account")
def create_account(double: FrontDouble, call: Call) -> httpx.Response:
    st = double.store
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
    if isinstance(call.arg("name"), str):
        rec["name"] = call.arg("name")
    if isinstance(call.arg("domains"), list):
        rec["domains"] = [str(d) for d in call.arg("domains")]
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
