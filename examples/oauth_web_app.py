"""A small web app (Starlette) that connects Front per signed-in user, then acts as that user.

Routes:
- ``/login?user=NAME``: a stand-in for your app's own sign-in (sets a signed session cookie);
- ``/connect``: sends the signed-in user to Front to approve the app;
- ``/integration-callback``: the redirect URL named in Front's guide; exchanges the code and
  stores the token under the signed-in user;
- ``/inbox``: runs a Front tool as the signed-in user (``front_user_id`` in the run config).

Run it for real (after the Front-side setup of docs/oauth.md, with the app's redirect URL set to
``http://127.0.0.1:8000/integration-callback``):

    FRONT_CLIENT_ID=... FRONT_CLIENT_SECRET=... \\
    FRONT_REDIRECT_URI=http://127.0.0.1:8000/integration-callback \\
    SESSION_SECRET=$(python -c "import secrets; print(secrets.token_hex(32))") \\
    uv run python examples/oauth_web_app.py
"""

from __future__ import annotations

import os
from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from langchain_front import FrontError, FrontToolkit
from langchain_front.auth.oauth import FrontOAuth
from langchain_front.auth.stores.base import BaseTokenStore


def build_app(
    oauth: FrontOAuth,
    store: BaseTokenStore,
    *,
    session_secret: str,
    client_options: dict[str, Any] | None = None,
) -> Starlette:
    """The app: one OAuth helper, one token store, one toolkit serving every user."""
    toolkit = FrontToolkit.for_users(store, oauth, client_options=client_options, read_only=True)
    search = toolkit.get_tool("front_search_conversations")

    def signed_in(request: Request) -> str | None:
        user_id = request.session.get("user")
        return str(user_id) if user_id else None

    async def login(request: Request) -> Response:
        user_id = request.query_params.get("user", "").strip()
        if not user_id.isidentifier():
            return PlainTextResponse("sign in with /login?user=<letters and digits>", 400)
        request.session["user"] = user_id
        return PlainTextResponse(f"signed in as {user_id}; now open /connect")

    async def connect(request: Request) -> Response:
        user_id = signed_in(request)
        if user_id is None:
            return PlainTextResponse("sign in first: /login?user=NAME", 401)
        return RedirectResponse(await oauth.aauthorization_url(user_id), 302)

    async def callback(request: Request) -> Response:
        user_id = signed_in(request)
        if user_id is None:
            return PlainTextResponse("sign in first, then connect Front again", 401)
        try:  # checks the state (single-use, this user's), then Front's ?error=, then the code
            token = await oauth.aexchange_callback(str(request.url), user_id=user_id)
        except FrontError as exc:
            return PlainTextResponse(str(exc), 400)
        await store.asave(user_id, token)
        return RedirectResponse("/inbox", 303)

    async def inbox(request: Request) -> Response:
        user_id = signed_in(request)
        if user_id is None:
            return PlainTextResponse("sign in first: /login?user=NAME", 401)
        message = await search.ainvoke(
            {"type": "tool_call", "id": "web", "name": search.name, "args": {"query": "is:open"}},
            config={"configurable": {"front_user_id": user_id}},
        )
        status = 200 if message.status == "success" else 409
        return PlainTextResponse(str(message.content), status)

    return Starlette(
        routes=[
            Route("/login", login),
            Route("/connect", connect),
            Route("/integration-callback", callback),
            Route("/inbox", inbox),
        ],
        middleware=[Middleware(SessionMiddleware, secret_key=session_secret, https_only=False)],
    )


def main() -> None:
    """Serve on 127.0.0.1:8000 with the OAuth app from the environment and the SQLite store."""
    import uvicorn

    from langchain_front.auth.oauth import FrontOAuthConfig
    from langchain_front.auth.stores.urls import open_token_store

    secret = os.environ.get("SESSION_SECRET")
    if not secret:
        raise SystemExit("set SESSION_SECRET to a long random value (it signs session cookies)")
    store = open_token_store()  # FRONT_TOKEN_STORE, else SQLite; it also keeps OAuth states
    oauth = FrontOAuth(FrontOAuthConfig.from_env(), state_store=store)
    app = build_app(oauth, store, session_secret=secret)
    uvicorn.run(app, host="127.0.0.1", port=8000)


if __name__ == "__main__":
    main()
