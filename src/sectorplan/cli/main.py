"""The `sectorplan` console script: the project's commands plus every Django command."""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    argv[0] = "sectorplan"
    if len(argv) > 1 and argv[1] == "demo":
        # The demo is the one place DEBUG is on by default (CONTRACTS §2).
        os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sectorplan.conf.settings")
    from django.core.exceptions import ImproperlyConfigured

    try:
        from django.core.management import ManagementUtility

        class Utility(ManagementUtility):
            def fetch_command(self, subcommand):
                try:
                    return super().fetch_command(subcommand)
                except SystemExit as exc:
                    # Django exits 1 on an unknown command; that is a usage error (status 2).
                    raise SystemExit(2 if exc.code == 1 else exc.code) from exc

        Utility(argv).execute()
    except ImproperlyConfigured as exc:
        print(f"sectorplan: configuration error: {exc}", file=sys.stderr)
        sys.exit(1)
    except BrokenPipeError:
        # `sectorplan allocate … | head` closed our output: not an error of ours.
        sys.stderr.close()
        sys.exit(0)
