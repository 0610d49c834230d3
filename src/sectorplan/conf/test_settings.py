"""The production settings, with what a test run needs and nothing more."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-" + "t" * 40)
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
# Tests run as production does, even in a checkout where `make demo` left its marker in var/.
os.environ.setdefault("DEBUG", "0")

from sectorplan.conf.settings import *  # noqa: F403

STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Tests serve static files from the finders; nothing is collected.
STATIC_ROOT = None
# Tests open and drop databases of their own; no connection outlives its test.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
