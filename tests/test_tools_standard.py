"""langchain-tests' standard suites for every tool: ToolsUnitTests and ToolsIntegrationTests.

Integration tests replay cassettes recorded against the Front double (cassettes/README.md).
Classes are generated, one unit and one integration class per tool, from the examples below.
"""

from __future__ import annotations

import os
from typing import Any

import pytest
from langchain_tests.integration_tests import ToolsIntegrationTests
from langchain_tests.unit_tests import ToolsUnitTests

from langchain_front import tools as t
from langchain_front.testing import SEED
from tests.conftest import offline_client


def _id(name: str, default: str) -> str:
    """A seed ID, overridable by FRONT_TEST_<NAME> when recording against a real workspace."""
    return os.environ.get(f"FRONT_TEST_{name.upper()}", default)


CONVERSATION = _id("conversation_id", SEED.conversation_id)
TEAMMATE = _id("teammate_id", SEED.teammate_id)
TAG = _id("tag_id", SEED.tag_id)
CONTACT = _id("contact_id", SEED.contact_id)
CONTACT_EMAIL = _id("contact_email", SEED.contact_email)

#: One valid invocation per tool: what the standard suites call it with.
EXAMPLES: dict[type[t.FrontTool], dict[str, Any]] = {
    t.WhoAmI: {},
    t.SearchConversations: {"query": "is:open", "limit": 5},
    t.ListConversations: {"statuses": ["assigned", "unassigned"], "limit": 5},
    t.GetConversation: {"conversation_id": CONVERSATION},
    t.ListConversationMessages: {"conversation_id": CONVERSATION, "limit": 5},
    t.ReplyToConversation: {"conversation_id": CONVERSATION, "body": "Thanks, it ships today."},
    t.CreateDraftReply: {"conversation_id": CONVERSATION, "body": "Draft: it ships today."},
    t.AddComment: {"conversation_id": CONVERSATION, "body": "Customer asked twice; **urgent**."},
    t.AssignConversation: {"conversation_id": CONVERSATION, "teammate_id": TEAMMATE},
    t.UnassignConversation: {"conversation_id": CONVERSATION},
    t.SetConversationStatus: {"conversation_id": CONVERSATION, "action": "archive"},
    t.AddTags: {"conversation_id": CONVERSATION, "tag_ids": [TAG]},
    t.RemoveTags: {"conversation_id": CONVERSATION, "tag_ids": [TAG]},
    t.ListInboxes: {},
    t.ListChannels: {},
    t.ListTeammates: {},
    t.ListTags: {"limit": 10},
    t.FindContact: {"handle": CONTACT_EMAIL},
    t.GetContact: {"contact_id": CONTACT},
    t.FindOperations: {"query": "list shifts"},
    t.CallOperation: {"operation_id": "list-teams"},
}


def _suite(tool_cls: type[t.FrontTool], example: dict[str, Any], base: type, kind: str) -> type:
    namespace: dict[str, Any] = {
        "tool_constructor": property(lambda self: tool_cls),
        "tool_constructor_params": property(lambda self: {"client": offline_client()}),
        "tool_invoke_params_example": property(lambda self: dict(example)),
        "__doc__": f"Standard {kind} tests for {tool_cls.__name__}.",
    }
    if kind == "unit":
        namespace["init_from_env_params"] = property(
            lambda self: ({"FRONT_API_TOKEN": "env-token"}, {}, {"api_token": "env-token"})
        )
    else:
        namespace["pytestmark"] = pytest.mark.vcr
    return type(f"Test{tool_cls.__name__}{kind.capitalize()}", (base,), namespace)


def test_every_tool_has_an_example() -> None:
    """A new tool must get an example here, so it gets the standard suites too."""
    assert set(EXAMPLES) == set(t.TOOL_CLASSES)


for _cls, _example in EXAMPLES.items():
    for _kind, _base in (("unit", ToolsUnitTests), ("integration", ToolsIntegrationTests)):
        _suite_cls = _suite(_cls, _example, _base, _kind)
        globals()[_suite_cls.__name__] = _suite_cls
