"""The Starlette application: server-rendered pages (Jinja2, autoescaped) and the JSON API beside them.

Every write needs the per-session CSRF token (header ``X-CSRF-Token``, from ``GET /api/session`` or the page's
``<meta name="csrf">``) with the session cookie; every codebook edit carries the ``version`` it was based on and
a stale one is refused with HTTP 409."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from pathlib import Path

from ..errors import ConfigError, InputError, TextmineError, require
from ._edits import HORIZONS, StaleVersionError
from ._labelling import queue, save_labels, train_new_version
from ._workspace import ReviewStore

__all__ = ["create_app"]

HERE = Path(__file__).resolve().parent
COOKIE = "textmine_review"
LOCAL_HOSTS = ["127.0.0.1", "localhost", "::1", "[::1]", "testserver"]


def _templates():
    from jinja2 import Environment, PackageLoader

    env = Environment(loader=PackageLoader("textmine.review", "templates"), autoescape=True)
    env.filters["pct"] = lambda v: f"{100 * v:.1f}%"
    return env


def create_app(out, *, model=None, encoder=None, local_only: bool = True):
    """The review app over the analyze output folder ``out`` (a Starlette ASGI application).

    ``local_only`` refuses requests whose Host header is not the loopback (DNS rebinding)."""
    require("starlette", "textmine review", "review")
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.middleware.trustedhost import TrustedHostMiddleware
    from starlette.responses import HTMLResponse, JSONResponse
    from starlette.routing import Mount, Route
    from starlette.staticfiles import StaticFiles

    if model is not None and not Path(model).is_dir():
        raise InputError(f"model folder not found: {str(model)!r}; pass a folder written by textmine train "
                         "(models/NAME) or one of its versions")
    store = ReviewStore(out, model=model, encoder=encoder)
    store.themes()  # imports, counts and the borderline order now, not on the first page
    store.tables.borderline(None, {}, set(), 1)
    secret = secrets.token_bytes(32)
    env = _templates()

    def token_for(sid: str) -> str:
        return hmac.new(secret, sid.encode(), hashlib.sha256).hexdigest()

    def session(request, response):
        sid = request.cookies.get(COOKIE)
        if not sid:
            sid = secrets.token_urlsafe(24)
            response.set_cookie(COOKIE, sid, httponly=True, samesite="strict")
        return token_for(sid)

    def error(status: int, message: str):
        return JSONResponse({"error": message}, status_code=status)

    def api(write: bool = True):
        """Turn textmine errors into JSON errors; check the CSRF token of writes."""
        def wrap(fn):
            async def endpoint(request):
                if write:
                    sid = request.cookies.get(COOKIE, "")
                    given = request.headers.get("x-csrf-token", "")
                    if not sid or not hmac.compare_digest(given, token_for(sid)):
                        return error(403, "missing or wrong CSRF token: GET /api/session first and send its "
                                          "token in the X-CSRF-Token header with the session cookie")
                    try:
                        body = await request.json()
                    except ValueError:
                        return error(400, "the request body must be a JSON object")
                    if not isinstance(body, dict):
                        return error(400, "the request body must be a JSON object")
                else:
                    body = {}
                who = (request.headers.get("x-reviewer") or "").strip()[:60] or None
                try:
                    from starlette.concurrency import run_in_threadpool

                    return JSONResponse(await run_in_threadpool(fn, request, body, who))
                except StaleVersionError as exc:
                    return error(409, str(exc))
                except TextmineError as exc:
                    msg = " ".join(str(exc).split())
                    return error(404 if msg.startswith("no theme with id") or msg.startswith("no respondent")
                                 else 400, msg)
            return endpoint
        return wrap

    def edit(op, **fixed):
        @api()
        def run(request, body, who):
            args = {k: v for k, v in body.items() if k != "version"}
            if "theme_id" in request.path_params:
                args["theme"] = request.path_params["theme_id"]
            args.update(fixed)
            return store.edit(op, args, base=body.get("version"), who=who)
        return run

    # -- pages ------------------------------------------------------------------------------------------
    def page(name, request, **ctx):
        resp = HTMLResponse("")
        token = session(request, resp)
        resp.body = env.get_template(name).render(csrf=token, version=store.version, **ctx).encode("utf-8")
        resp.headers["content-length"] = str(len(resp.body))
        resp.headers["content-security-policy"] = ("default-src 'self'; style-src 'self'; script-src 'self'; "
                                                   "img-src 'self' data:; object-src 'none'; base-uri 'none'")
        return resp

    def _int(v, default=1):
        try:
            return int(v)
        except (TypeError, ValueError):
            return default

    def guarded(fn):
        """A page whose data cannot be had (a model that does not load, a bad value) says why in one line."""
        async def endpoint(request):
            try:
                return await fn(request)
            except TextmineError as exc:
                resp = page("error.j2", request, message=" ".join(str(exc).split()))
                resp.status_code = 400
                return resp
        return endpoint

    async def index(request):
        from starlette.concurrency import run_in_threadpool

        themes = await run_in_threadpool(store.themes)
        sel = request.query_params.get("theme") or (themes[0]["id"] if themes else None)
        q = request.query_params.get("q", "")[:200]
        answers = None
        if sel in {t["id"] for t in themes}:
            answers = await run_in_threadpool(lambda: store.answers(sel, page=_int(request.query_params.get("page")),
                                                                    q=q))
        return page("themes.j2", request, themes=themes, selected=sel, answers=answers, q=q, horizons=HORIZONS,
                    months=store.tables.months, log=store.log.entries()[-8:][::-1])

    async def label_page(request):
        from starlette.concurrency import run_in_threadpool

        theme = request.query_params.get("theme") or None
        themes = await run_in_threadpool(store.themes)
        if theme not in {t["id"] for t in themes}:
            theme = None
        q = await run_in_threadpool(lambda: queue(store, theme=theme))
        return page("label.j2", request, themes=themes, queue=q, theme=theme)

    # -- API --------------------------------------------------------------------------------------------
    async def api_session(request):
        resp = JSONResponse({})
        token = session(request, resp)
        import json

        resp.body = json.dumps({"csrf": token, "version": store.version}).encode()
        resp.headers["content-length"] = str(len(resp.body))
        return resp

    @api(write=False)
    def api_themes(request, body, who):
        return {"version": store.version, "months": store.tables.months, "themes": store.themes()}

    @api(write=False)
    def api_answers(request, body, who):
        qp = request.query_params
        return store.answers(request.path_params["theme_id"], page=_int(qp.get("page")), q=qp.get("q", "")[:200])

    @api()
    def api_preview(request, body, who):
        k = body.get("k")
        if not isinstance(k, int) or isinstance(k, bool):
            raise ConfigError(f"'k' must be a whole number >= 2; found {k!r}")
        return {"preview": store.split_preview(request.path_params["theme_id"], k, int(body.get("seed", 0)))}

    @api()
    def api_undo(request, body, who):
        return store.undo(who=who)

    @api(write=False)
    def api_queue(request, body, who):
        return queue(store, theme=request.query_params.get("theme") or None)

    @api()
    def api_labels(request, body, who):
        return save_labels(store, body.get("items") if "items" in body else [body], who=who)

    @api()
    def api_train(request, body, who):
        with store.log.lock():  # one training at a time: versions are numbered from the folder
            res = train_new_version(store)
            store.log.append("train", {"model_version": res["model_version"], "n_train": res["n_train"],
                                       "n_holdout": res["n_holdout"]}, who=who, base=None, version=None,
                             undoable=False)
        return res

    @api(write=False)
    def api_log(request, body, who):
        return {"entries": store.log.entries()[-200:]}

    routes = [
        Route("/", guarded(index)), Route("/label", guarded(label_page)),
        Route("/api/session", api_session),
        Route("/api/themes", api_themes), Route("/api/themes", edit("add"), methods=["POST"]),
        Route("/api/themes/{theme_id}/answers", api_answers),
        Route("/api/themes/{theme_id}/rename", edit("rename"), methods=["POST"]),
        Route("/api/themes/{theme_id}/move", edit("move"), methods=["POST"]),
        Route("/api/themes/{theme_id}/delete", edit("delete"), methods=["POST"]),
        Route("/api/themes/{theme_id}/owner", edit("owner"), methods=["POST"]),
        Route("/api/themes/{theme_id}/split/preview", api_preview, methods=["POST"]),
        Route("/api/themes/{theme_id}/split", edit("split"), methods=["POST"]),
        Route("/api/merge", edit("merge"), methods=["POST"]),
        Route("/api/undo", api_undo, methods=["POST"]),
        Route("/api/queue", api_queue), Route("/api/labels", api_labels, methods=["POST"]),
        Route("/api/train", api_train, methods=["POST"]), Route("/api/log", api_log),
        Mount("/static", StaticFiles(directory=HERE / "assets"), name="static"),
    ]
    middleware = [Middleware(TrustedHostMiddleware, allowed_hosts=LOCAL_HOSTS)] if local_only else []
    app = Starlette(routes=routes, middleware=middleware)
    app.state.store = store
    return app
