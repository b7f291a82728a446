"""`matchmaker tables`: themed tables from a profiles file, without a database."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from matchmaker.cli.common import input_errors_exit_2, no_semantic_option, output_option
from matchmaker.config import PAGE_LANGUAGES

if TYPE_CHECKING:
    from matchmaker.core.tables.rules import Theme


@click.command("tables")
@click.argument("profiles", type=click.Path(path_type=Path))
@click.option("--table-size", type=click.IntRange(min=2), required=True, help="Most firms a table.")
@click.option("--min-size", type=click.IntRange(min=1), help="Fewest firms a table (default 2).")
@click.option("--rounds", type=click.IntRange(min=1), default=1, show_default=True)
@click.option(
    "--themes",
    default="",
    metavar="'A;B=2;C'",
    help="Staff themes, ';'-separated, each with its number of tables (default 1).",
)
@click.option("--no-mixing", is_flag=True, help="Do not require every group at every table.")
@click.option(
    "--partners",
    type=click.IntRange(min=1),
    default=30,
    show_default=True,
    help="Best partners per firm whose ties count.",
)
@no_semantic_option
@click.option("--seed", type=int, default=0, show_default=True)
@click.option(
    "--print",
    "print_path",
    type=click.Path(path_type=Path),
    help="Also write a print-ready HTML page: the plan per round and a place card per firm.",
)
@click.option(
    "--lang",
    type=click.Choice(PAGE_LANGUAGES),
    default="de",
    show_default=True,
    help="Language of the printed page.",
)
@output_option("Table plan")
def tables_command(
    profiles: Path,
    table_size: int,
    min_size: int | None,
    rounds: int,
    themes: str,
    no_mixing: bool,
    partners: int,
    no_semantic: bool,
    seed: int,
    print_path: Path | None,
    lang: str,
    output: Path,
) -> None:
    """Seat the firms at themed tables: each with as many relevant firms as it can, the
    groups mixed, nobody twice with the same firm over the rounds."""
    from matchmaker.cli.batch import tables_file
    from matchmaker.core.tables.rules import TableRules

    try:
        rules = TableRules(
            size=table_size,
            min_size=min_size,
            rounds=rounds,
            themes=_themes(themes),
            mix_groups=not no_mixing,
            seed=seed,
        )
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    with input_errors_exit_2():
        try:
            job = tables_file(
                profiles,
                output,
                rules,
                partners=partners,
                semantic=not no_semantic,
                print_path=print_path,
                language=lang,
            )
        except ValueError as exc:
            raise click.UsageError(str(exc)) from None
    plan = job.plan
    interpreters = sum(1 for t in plan.tables if t.needs_interpreter)
    per_round = len(plan.tables) // rounds
    click.echo(
        f"Seated {job.firms} firms at {per_round} tables for {rounds} round(s) in {output}; "
        f"{interpreters} of {len(plan.tables)} tables share no language (interpreter needed).",
        err=True,
    )


def _themes(value: str) -> tuple[Theme, ...]:
    from matchmaker.core.tables.rules import parse_themes

    try:
        return parse_themes(value)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--themes") from None
