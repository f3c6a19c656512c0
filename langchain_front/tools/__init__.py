"""LangChain tools for Front: curated task-level tools plus two meta tools for the whole API."""

from langchain_front.tools._base import Call, FrontTool, Steps
from langchain_front.tools.contacts import FindContact, GetContact
from langchain_front.tools.conversations import (
    AddTags,
    AssignConversation,
    GetConversation,
    ListConversationMessages,
    ListConversations,
    RemoveTags,
    SearchConversations,
    SetConversationStatus,
    UnassignConversation,
)
from langchain_front.tools.meta import CallOperation, FindOperations
from langchain_front.tools.replies import AddComment, CreateDraftReply, ReplyToConversation
from langchain_front.tools.workspace import (
    ListChannels,
    ListInboxes,
    ListTags,
    ListTeammates,
    WhoAmI,
)

#: Every tool class, in the order the toolkit offers them.
TOOL_CLASSES: tuple[type[FrontTool], ...] = (
    WhoAmI,
    SearchConversations,
    ListConversations,
    GetConversation,
    ListConversationMessages,
    ReplyToConversation,
    CreateDraftReply,
    AddComment,
    AssignConversation,
    UnassignConversation,
    SetConversationStatus,
    AddTags,
    RemoveTags,
    ListInboxes,
    ListChannels,
    ListTeammates,
    ListTags,
    FindContact,
    GetContact,
    FindOperations,
    CallOperation,
)

__all__ = [
    "TOOL_CLASSES",
    "AddComment",
    "AddTags",
    "AssignConversation",
    "Call",
    "CallOperation",
    "CreateDraftReply",
    "FindContact",
    "FindOperations",
    "FrontTool",
    "GetContact",
    "GetConversation",
    "ListChannels",
    "ListConversationMessages",
    "ListConversations",
    "ListInboxes",
    "ListTags",
    "ListTeammates",
    "RemoveTags",
    "ReplyToConversation",
    "SearchConversations",
    "SetConversationStatus",
    "Steps",
    "UnassignConversation",
    "WhoAmI",
]
