"""Flask extensions of the web layer, created unbound and initialised in :mod:`app.factory`."""

from __future__ import annotations

from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_wtf import CSRFProtect

migrate = Migrate()
csrf = CSRFProtect()
login_manager = LoginManager()
login_manager.login_view = "auth.signin"
login_manager.login_message = "Sign in to see that page."

# Throttling (app.web.security.throttle): RATELIMIT_STORAGE_URI says where it counts.
limiter = Limiter(key_func=get_remote_address, default_limits=[])
