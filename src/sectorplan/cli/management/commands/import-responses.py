from pathlib import Path

from sectorplan.cli.base import ProjectCommand
from sectorplan.core.errors import Refused
from sectorplan.monitoring.imports import TARGETS, responses_import_file


class Command(ProjectCommand):
    help = (
        "Import the answers of a round (columns region_code,question_code,answer) from CSV or "
        "XLSX. Each region's report in the file becomes submitted, or accepted with "
        "--state accepted."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("round")
        parser.add_argument("file", type=Path)
        parser.add_argument("--state", choices=sorted(TARGETS), default="submitted")

    def handle(self, *args, **options):
        programme = self.get_programme(options["slug"])
        round_ = programme.rounds.filter(code=options["round"]).first()
        if round_ is None:
            raise Refused(
                f"unknown round '{options['round']}' of programme '{programme.slug}' "
                f"(rounds: {', '.join(programme.rounds.values_list('code', flat=True))})"
            )
        result = responses_import_file(
            round_=round_, source=options["file"], state=options["state"]
        )
        self.stdout.write(
            f"imported {result.answers} answers for {result.regions} regions into "
            f"'{programme.slug}' round '{round_.code}' ({result.changed} changed); "
            f"reports brought to '{options['state']}': {result.moved}"
        )
