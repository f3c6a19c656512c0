"""Account tools on the Front double: finding by name or domain within a bounded scan, domains
merged rather than replaced, and errors a model can act on."""

from __future__ import annotations

from typing import Any

import pytest
from langchain_core.messages import ToolMessage

from langchain_front import FrontToolkit
from langchain_front.testing import SEED, FrontDouble
from langchain_front.testing.builders import make_account
from langchain_front.tools.accounts import SCAN_PAGE_SIZE, SCAN_PAGES, normalize_domain


@pytest.fixture
def toolkit(double: FrontDouble) -> FrontToolkit:
    """A toolkit on a fresh double, so writes can be checked in its state."""
    return FrontToolkit.offline(double)


def call(toolkit: FrontToolkit, name: str, args: dict[str, Any]) -> ToolMessage:
    message = toolkit.get_tool(name).invoke(
        {"type": "tool_call", "id": "t1", "name": name, "args": args}
    )
    assert isinstance(message, ToolMessage)
    return message


def add_accounts(double: FrontDouble, count: int) -> None:
    """``count`` more accounts, listed after the seed's; every 100th (from 7) names Globex."""
    st = double.store
    for i in range(count):
        account_id = f"acc_z{i:04d}"
        name = f"Company {i}" + (" Globex Labs" if i % 100 == 7 else "")
        st.accounts[account_id] = make_account(st, account_id, name, domains=[f"c{i}.example"])


def list_requests(double: FrontDouble) -> list[str]:
    return [
        url for method, url in double.requests if "/accounts?" in url or url.endswith("/accounts")
    ]


@pytest.mark.parametrize(
    ("text", "domain"),
    [
        ("Acme.com", "acme.com"),
        ("https://www.acme.com/about?x=1", "acme.com"),
        ("jo@Sales.Acme.com", "sales.acme.com"),
        ("acme.com:443", "acme.com"),
    ],
)
def test_domains_are_normalized(text: str, domain: str) -> None:
    assert normalize_domain(text) == domain


def test_find_by_domain_is_one_request(toolkit: FrontToolkit, double: FrontDouble) -> None:
    add_accounts(double, 50)
    message = call(toolkit, "front_find_accounts", {"query": "https://www.globex.example/"})
    assert message.status == "success"
    assert SEED.account_id in message.content
    assert len(double.requests) == 1
    assert "alt:domain:globex.example" in double.requests[0][1]


def test_a_domain_no_account_has_is_matched_as_a_bare_domain(
    toolkit: FrontToolkit, double: FrontDouble
) -> None:
    double.store.accounts[SEED.account_id]["domains"] = ["eu.globex.example"]
    message = call(toolkit, "front_find_accounts", {"query": "https://globex.example/contact"})
    assert message.status == "success"
    assert message.artifact["matches"] == [SEED.account_id]  # eu.globex.example contains it
    assert [method for method, _ in double.requests] == ["GET", "GET"]  # alias 404, then list


def test_find_by_name_reads_every_page_within_the_bound(
    toolkit: FrontToolkit, double: FrontDouble
) -> None:
    add_accounts(double, 260)
    message = call(toolkit, "front_find_accounts", {"query": "GLOBEX"})
    assert message.status == "success"
    ids = message.artifact["matches"]
    assert ids == [SEED.account_id, "acc_z0007", "acc_z0107", "acc_z0207"]
    assert f"{len(double.store.accounts)} accounts read (all of them)" in message.content
    assert len(list_requests(double)) == 3


def test_find_stops_at_the_bound_and_resumes_where_it_stopped(
    toolkit: FrontToolkit, double: FrontDouble
) -> None:
    bound = SCAN_PAGES * SCAN_PAGE_SIZE
    add_accounts(double, bound + 50)
    first = call(toolkit, "front_find_accounts", {"query": "globex labs", "limit": 50})
    assert f"among {bound} accounts read (more left)" in first.content
    assert len(list_requests(double)) == SCAN_PAGES
    token = first.artifact["page_token"]
    assert token and f"page_token={token}" in first.content
    rest = call(
        toolkit, "front_find_accounts", {"query": "globex labs", "limit": 50, "page_token": token}
    )
    assert rest.artifact["matches"] == ["acc_z0507"]
    assert "(all of them)" in rest.content


def test_find_with_a_small_limit_continues_mid_page_without_skipping(
    toolkit: FrontToolkit, double: FrontDouble
) -> None:
    add_accounts(double, 150)
    seen: list[str] = []
    token = None
    for _ in range(4):
        args: dict[str, Any] = {"query": "globex", "limit": 1}
        if token:
            args["page_token"] = token
        message = call(toolkit, "front_find_accounts", args)
        seen += message.artifact["matches"]
        token = message.artifact["page_token"]
        if not token:
            break
    assert seen == [SEED.account_id, "acc_z0007", "acc_z0107"]


def test_find_nothing_says_what_was_searched(toolkit: FrontToolkit) -> None:
    message = call(toolkit, "front_find_accounts", {"query": "hooli"})
    assert message.content == "No account matches 'hooli' among 3 accounts read (all of them)."


def test_list_account_contacts_by_domain_alias(toolkit: FrontToolkit) -> None:
    message = call(
        toolkit, "front_list_account_contacts", {"account_id": f"alt:domain:{SEED.account_domain}"}
    )
    assert message.status == "success"
    assert SEED.contact_id in message.content and SEED.contact_email in message.content


def test_unknown_account_says_how_to_find_one(toolkit: FrontToolkit) -> None:
    message = call(toolkit, "front_list_account_contacts", {"account_id": "acc_zzzz"})
    assert message.status == "error"
    assert "alt:domain:" in message.content


def test_create_account_normalizes_domains(toolkit: FrontToolkit, double: FrontDouble) -> None:
    message = call(
        toolkit,
        "front_create_account",
        {
            "name": " Soylent ",
            "domains": ["https://www.soylent.example/", "SOYLENT.example", "ops@soylent.io"],
            "external_id": "CRM-2002",
        },
    )
    assert message.status == "success"
    rec = double.store.accounts[message.artifact["id"]]
    assert rec["name"] == "Soylent"
    assert rec["domains"] == ["soylent.example", "soylent.io"]
    assert rec["external_id"] == "CRM-2002"


@pytest.mark.parametrize(
    "args",
    [{"domains": [SEED.account_domain]}, {"external_id": SEED.account_external_id}],
)
def test_create_account_with_a_taken_domain_or_external_id_points_to_find(
    toolkit: FrontToolkit, double: FrontDouble, args: dict[str, Any]
) -> None:
    before = set(double.store.accounts)
    message = call(toolkit, "front_create_account", {"name": "Globex again", **args})
    assert message.status == "error"
    assert SEED.account_id in message.content and "front_find_accounts" in message.content
    assert set(double.store.accounts) == before


def test_bad_domain_is_refused_before_any_request(
    toolkit: FrontToolkit, double: FrontDouble
) -> None:
    message = call(toolkit, "front_create_account", {"name": "X", "domains": ["not a domain"]})
    assert message.status == "error"
    assert "acme.com" in message.content
    assert double.requests == []


def test_update_account_merges_domains(toolkit: FrontToolkit, double: FrontDouble) -> None:
    double.store.accounts[SEED.account_id]["custom_fields"] = {"Plan": "Enterprise"}
    message = call(
        toolkit,
        "front_update_account",
        {
            "account_id": f"alt:external_id:{SEED.account_external_id}",
            "add_domains": ["globex.co", "GLOBEX.example"],
            "remove_domains": ["never.example"],
            "description": "Moved to annual billing",
        },
    )
    assert message.status == "success"
    rec = double.store.accounts[SEED.account_id]
    assert rec["domains"] == [SEED.account_domain, "globex.co"]
    assert rec["description"] == "Moved to annual billing"
    assert rec["custom_fields"] == {"Plan": "Enterprise"}  # never sent, so never erased
    assert "never.example" in message.content


def test_update_account_removes_a_domain(toolkit: FrontToolkit, double: FrontDouble) -> None:
    double.store.accounts[SEED.account_id]["domains"] = ["globex.example", "globex.co"]
    message = call(
        toolkit,
        "front_update_account",
        {"account_id": SEED.account_id, "remove_domains": ["Globex.CO"]},
    )
    assert message.status == "success"
    assert double.store.accounts[SEED.account_id]["domains"] == ["globex.example"]


def test_update_account_name_only_sends_no_read(toolkit: FrontToolkit, double: FrontDouble) -> None:
    message = call(toolkit, "front_update_account", {"account_id": SEED.account_id, "name": "G"})
    assert message.status == "success"
    assert [method for method, _ in double.requests] == ["PATCH"]


def test_update_account_with_nothing_to_change_is_refused(
    toolkit: FrontToolkit, double: FrontDouble
) -> None:
    message = call(toolkit, "front_update_account", {"account_id": SEED.account_id})
    assert message.status == "error"
    assert "external ID cannot be changed" in message.content
    assert double.requests == []


async def test_find_accounts_async(toolkit: FrontToolkit, double: FrontDouble) -> None:
    add_accounts(double, 120)
    tool = toolkit.get_tool("front_find_accounts")
    message = await tool.ainvoke(
        {"type": "tool_call", "id": "t1", "name": tool.name, "args": {"query": "globex"}}
    )
    assert message.artifact["matches"] == [
        SEED.account_id,
        "acc_z0007",
        "acc_z0107",
    ]
