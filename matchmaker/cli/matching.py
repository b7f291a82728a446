"""`matchmaker match`: recommendations for a profiles file, no database needed."""

from __future__ import annotations

from pathlib import Path

import click

from matchmaker.cli.common import input_errors_exit_2, no_semantic_option, output_option
from matchmaker.config import PAGE_LANGUAGES


@click.command("match")
@click.argument("profiles", type=click.Path(path_type=Path))
@click.option(
    "--top",
    "top_k",
    type=click.IntRange(min=1),
    default=10,
    show_default=True,
    help="Partners per firm.",
)
@click.option(
    "--cross-group",
    is_flag=True,
    help="Only pairs from different groups (a delegation meets local firms).",
)
@click.option(
    "--lang",
    "language",
    type=click.Choice(PAGE_LANGUAGES),
    default="de",
    show_default=True,
    help="Language of the reasons.",
)
@no_semantic_option
@output_option("Matches file")
def match_command(
    profiles: Path, top_k: int, cross_group: bool, language: str, no_semantic: bool, output: Path
) -> None:
    """Recommend complementary partners for every firm of a profiles file (CSV or XLSX)."""
    from matchmaker.cli.batch import match_file

    with input_errors_exit_2():
        job = match_file(
            profiles,
            output,
            top_k=top_k,
            cross_group=cross_group,
            language=language,
            semantic=not no_semantic,
        )
    click.echo(
        f"Wrote {job.matches} recommendations for {job.firms} firms to {output} ({job.scorer}).",
        err=True,
    )
