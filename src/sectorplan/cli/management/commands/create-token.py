from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from sectorplan.accounts.tokens import token_create
from sectorplan.cli.base import ProjectCommand
from sectorplan.core.errors import Refused


class Command(ProjectCommand):
    help = "Print a new API token for the user (the key is shown only this once)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="what the token is for (default: cli)")

    def handle(self, *args, **options):
        username = options["username"]
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise Refused(_("unknown user '%(username)s'") % {"username": username})
        if not user.is_active:
            raise Refused(_("the account '%(username)s' is not active") % {"username": username})
        token, key = token_create(user=user, name=options["name"] or "cli", by=None)
        self.stderr.write(
            f"token '{token.name}' for '{user.get_username()}' ({token.prefix}); "
            "it is shown only this once:"
        )
        self.stdout.write(key)
