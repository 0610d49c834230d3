from pathlib import Path

from django.conf import settings
from django.utils import timezone

from sectorplan.cli.base import ProjectCommand
from sectorplan.core.errors import Refused
from sectorplan.reporting import publication
from sectorplan.reporting.exports import About, all_tables, write_csv, write_xlsx
from sectorplan.reporting.tables import table_for

FORMATS = ["csv", "xlsx", "html", "docx", "pdf"]


class Command(ProjectCommand):
    help = (
        "The national report of a programme: --format docx|pdf|html -o PATH writes the "
        "final report (pdf: the tagged publication), --format xlsx -o PATH every table to a "
        "workbook, --format csv --table TABLE one table (to stdout without -o)."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--format", choices=FORMATS, required=True)
        parser.add_argument("--table", help="with --format csv: allocation, coverage, ser, …")
        parser.add_argument("-o", "--output", type=Path)
        parser.add_argument("--round", help="the round whose reports the tables count")
        parser.add_argument(
            "--language",
            choices=[code for code, _name in settings.LANGUAGES],
            help="the language of the final report (default: the site's, Dutch)",
        )

    def handle(self, *args, **options):
        programme = self.get_programme(options["slug"])
        round_ = None
        if options["round"]:
            round_ = programme.rounds.filter(code=options["round"]).first()
            if round_ is None:
                raise Refused(
                    f"unknown round '{options['round']}' of programme '{programme.slug}' "
                    f"(rounds: {', '.join(programme.rounds.values_list('code', flat=True))})"
                )
        fmt, output = options["format"], options["output"]
        if fmt == "csv":
            if not options["table"]:
                raise Refused("--format csv needs --table")
            table = table_for(programme, options["table"], round_)
            if output is None:
                write_csv(table, self.stdout)
                return
            with output.open("w", encoding="utf-8", newline="") as stream:
                write_csv(table, stream)
        else:
            if output is None:
                raise Refused(f"--format {fmt} needs -o PATH")
            now = timezone.localtime()
            if fmt == "xlsx":
                by = "sectorplan report (CLI)"
                write_xlsx(About(programme, round_, now, by), all_tables(programme, round_), output)
            else:
                language = options["language"] or settings.LANGUAGE_CODE
                try:
                    content = publication.render(programme, round_, fmt, language, now)
                except publication.pdf.PdfUnavailable as error:
                    raise Refused(
                        f"{error} (install LibreOffice Writer and poppler-utils)"
                    ) from error
                output.write_bytes(content)
        self.stderr.write(f"wrote {output}")
