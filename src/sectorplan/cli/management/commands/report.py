from pathlib import Path

from django.conf import settings
from django.utils import timezone, translation

from sectorplan.cli.base import ProjectCommand
from sectorplan.core.errors import Refused
from sectorplan.reporting.document import final_report, to_docx, to_html
from sectorplan.reporting.exports import About, all_tables, write_csv, write_xlsx
from sectorplan.reporting.tables import table_for

FORMATS = ["csv", "xlsx", "html", "docx"]


class Command(ProjectCommand):
    help = (
        "The national report of a programme: --format docx|html -o PATH writes the final "
        "report, --format xlsx -o PATH every table to a workbook, --format csv --table TABLE "
        "one table (to stdout without -o)."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--format", choices=FORMATS, required=True)
        parser.add_argument("--table", help="with --format csv: allocation, coverage, ser, …")
        parser.add_argument("-o", "--output", type=Path)
        parser.add_argument("--round", help="the round whose reports the tables count")

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
            now, by = timezone.localtime(), "sectorplan report (CLI)"
            if fmt == "xlsx":
                write_xlsx(About(programme, round_, now, by), all_tables(programme, round_), output)
            else:
                # The report itself is in the site's language (Dutch by default).
                with translation.override(settings.LANGUAGE_CODE):
                    document = final_report(programme, round_, now, by)
                    if fmt == "docx":
                        output.write_bytes(to_docx(document))
                    else:
                        output.write_text(to_html(document), encoding="utf-8")
        self.stderr.write(f"wrote {output}")
