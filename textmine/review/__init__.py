"""The review app: a local web app over an ``analyze`` output folder where a coding team reviews themes (rename,
merge, split, move, delete, add, owner and horizon), labels answers and trains a new model version.

    from textmine.review import create_app, serve
    serve("out/", port=8765)          # or: textmine review out/

Every change goes to ``OUT/review_log.jsonl`` and can be undone; :func:`replay_log` rebuilds the codebook from
it. Needs the ``review`` extra (Starlette, uvicorn): ``pip install 'textmine[review]'``.
"""

from ._edits import StaleVersionError
from ._serve import serve
from ._web import create_app
from ._workspace import ReviewStore, replay_log

__all__ = ["ReviewStore", "StaleVersionError", "create_app", "replay_log", "serve"]
