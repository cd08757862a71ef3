"""`fazhi`: run Fazhi locally, issue tokens, replay projections, look after dead letters."""

from __future__ import annotations

import getpass
import importlib
import importlib.util
import json
import os
from datetime import timedelta
from pathlib import Path
from typing import Annotated

import httpx
import typer
from rich.console import Console
from rich.table import Table

from fazhi.bus import SERVICES
from fazhi.settings import Settings

app = typer.Typer(help=__doc__, no_args_is_help=True, add_completion=False)
dead_letters = typer.Typer(help="List and replay events a consumer could not process.", no_args_is_help=True)
app.add_typer(dead_letters, name="dead-letters")
console = Console()

DataDir = Annotated[Path, typer.Option("--data-dir", envvar="FAZHI_DATA_DIR", help="where keys, databases and NATS data live")]
ServiceName = Annotated[str, typer.Argument(help=f"one of: {', '.join(SERVICES)} (and console for `serve`)")]


def installed_services() -> list[str]:
    """The services whose code exists in this checkout, in start order."""
    return [s for s in SERVICES if _has_app(s)]


def _has_app(service: str) -> bool:
    try:
        return importlib.util.find_spec(f"services.{service}.app") is not None
    except ModuleNotFoundError:  # the service's package is not there at all
        return False


def build_app(service: str, settings: Settings | None = None):
    """The FastAPI app of one service (its `services.<name>.app.build`), or of the console."""
    if service not in installed_services() and not (service == "console" and _has_app("console")):
        raise typer.BadParameter(f"unknown service {service!r}; installed: {', '.join(installed_services())}")
    module = importlib.import_module(f"services.{service}.app")
    return module.build(settings or Settings(service=service))


@app.command()
def up(
    data_dir: DataDir = Path("var"),
    nats_port: Annotated[int, typer.Option(help="NATS port; a free one is taken if it is busy")] = 4222,
) -> None:
    """Start NATS (embedded) and every service, print their URLs and an admin token; Ctrl-C stops all."""
    from fazhi.up import run_everything

    run_everything(data_dir.resolve(), nats_port, installed_services())


@app.command()
def serve(service: ServiceName) -> None:
    """Run one service in the foreground (what `up` starts, and what a container runs)."""
    import uvicorn

    settings = Settings(service=service)
    uvicorn.run(build_app(service, settings), host=settings.host, port=settings.listen_port,
                log_config=None, access_log=False)


@app.command("nats-config")
def nats_config(
    out: Annotated[Path, typer.Option(help="directory for the server configuration and the credential files")],
    rotate: Annotated[list[str], typer.Option(
        help="make a new password for this user (a service or `operator`); repeat for several")] = [],
    rotate_all: Annotated[bool, typer.Option(help="make new passwords for every user")] = False,
) -> None:
    """Write the NATS server's authorization (nats-auth.conf) and a credential file per service (<service>.env).

    Files already in OUT are kept, so running it again only adds what is missing; the server
    file is written afresh each time. Every file is 0600: put them in secrets, not in images.
    """
    from fazhi.busauth import OPERATOR, declared_access, write_bus_config

    services = installed_services()
    users = [*services, OPERATOR]
    unknown = sorted(set(rotate) - set(users))
    if unknown:
        raise typer.BadParameter(f"unknown user {', '.join(unknown)}; users: {', '.join(users)}", param_hint="--rotate")
    files = write_bus_config(out, declared_access(services), rotate=users if rotate_all else rotate)
    console.print(f"wrote {files.config} (server: `include` it, or start with `-c`)")
    for user in users:
        whom = "for people, not services" if user == OPERATOR else user
        console.print(f"wrote {files.credential_file(user)} ({whom})")


def sign_local_token(settings: Settings, *, subject: str, ttl: timedelta, **scope: object) -> str:
    """A token from the local signing key, with this installation's issuer and audience."""
    from fazhi.auth import issue_token, load_or_create_signing_key

    key = load_or_create_signing_key(settings.signing_key_path)
    return issue_token(key, subject=subject, ttl=ttl, issuer=settings.jwt_issuer, audience=settings.jwt_audience,
                       **scope)


def operator() -> str:
    """The login name of whoever runs the command: who a token is for when no subject is given."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # a container user with no name: its uid names it
        return f"uid-{os.getuid()}"


@app.command()
def token(
    township: Annotated[list[str], typer.Option(help="township code; repeat for several")] = [],
    county: Annotated[bool, typer.Option(help="county-wide scope instead of townships")] = False,
    role: Annotated[list[str], typer.Option(help="role; repeat for several (admin has all)")] = ["admin"],
    subject: Annotated[str | None, typer.Option(
        help="the person (or service account) the token is for, as the event history will name them; "
             "default: your login name")] = None,
    hours: Annotated[float, typer.Option(
        help="validity; at most FAZHI_TOKEN_MAX_HOURS (12) for a person, more only for a service account "
             "named in FAZHI_SERVICE_ACCOUNTS")] = 12.0,
    data_dir: DataDir = Path("var"),
) -> None:
    """Print a bearer token signed with the local key (e.g. `fazhi token --township houtai --role mediator`)."""
    if not township and not county:
        raise typer.BadParameter("give --township CODE (repeatable) or --county")
    settings = Settings(data_dir=data_dir)
    who = (subject if subject is not None else operator()).strip()
    if not who:
        raise typer.BadParameter("the subject must name a person or service account", param_hint="--subject")
    cap = settings.token_policy.lifetime_cap(who)
    if hours <= 0 or timedelta(hours=hours) > cap:
        raise typer.BadParameter(f"a token for {who} may be valid for at most {cap.total_seconds() / 3600:g} hours",
                                 param_hint="--hours")
    typer.echo(sign_local_token(settings, subject=who, townships=township, county=county, roles=role,
                                ttl=timedelta(hours=hours)))


@app.command()
def jwks(data_dir: DataDir = Path("var")) -> None:
    """Print the public key set of the local signing key (what `FAZHI_JWKS` may point to)."""
    from fazhi.auth import load_or_create_signing_key, public_jwks

    key = load_or_create_signing_key(Settings(data_dir=data_dir).signing_key_path)
    typer.echo(json.dumps(public_jwks(key), indent=2))


@app.command()
def asyncapi(
    out: Annotated[Path | None, typer.Option(help="write to this file (docs/asyncapi.json is the committed copy)")] = None,
) -> None:
    """Print the AsyncAPI 3.0 document of every NATS subject and event schema, from the services' contracts."""
    from fazhi.asyncapi import render

    text = render()
    if out is None:
        typer.echo(text, nl=False)
        return
    out.write_text(text, encoding="utf-8")
    console.print(f"wrote {out}")


def _admin_client(service: str, url: str | None, data_dir: Path) -> httpx.Client:
    bearer = sign_local_token(Settings(data_dir=data_dir), subject=operator(), county=True, roles=["admin"],
                              ttl=timedelta(minutes=10))
    base = url or f"http://127.0.0.1:{Settings().port_of(service)}"
    return httpx.Client(base_url=base, headers={"Authorization": f"Bearer {bearer}"}, timeout=600)


ServiceUrl = Annotated[str | None, typer.Option("--url", help="the service's base URL (default: local port)")]


@app.command()
def replay(service: ServiceName, url: ServiceUrl = None, data_dir: DataDir = Path("var")) -> None:
    """Rebuild a service's projections from its streams (the running service does the work)."""
    with _admin_client(service, url, data_dir) as client, console.status(f"rebuilding {service} projections…"):
        response = client.post("/v1/admin/projections/rebuild")
    if response.status_code >= 400:
        console.print(f"[red]{response.status_code}[/red] {response.text}")
        raise typer.Exit(1)
    console.print(json.dumps(response.json(), ensure_ascii=False, indent=2))


@app.command()
def demo(
    seed: Annotated[int, typer.Option(help="the same seed makes the same year; a rerun adds nothing")] = 1,
    scale: Annotated[float, typer.Option(help="1.0: a full year of cases; 0.1: a quick look")] = 1.0,
    data_dir: DataDir = Path("var"),
) -> None:
    """Fill the running system (`make run`) with a year of the demo county, through the services' HTTP APIs."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from fazhi.clock import Clock
    from fazhi.county import load_county
    from fazhi.demo import Year, fill

    settings = Settings(data_dir=data_dir)
    token = sign_local_token(settings, subject=operator(), county=True, roles=["admin"], ttl=timedelta(hours=2))
    urls = {s: f"http://{settings.host}:{settings.port_of(s)}" for s in SERVICES}
    year = Year(load_county(settings.county_config), seed, scale, Clock().today()).build()
    columns = (TextColumn("[bold]{task.description:<14}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console) as progress:
        task = progress.add_task("starting", total=len(year.cases))
        result = fill(year, urls, token, lambda label: progress.update(task, advance=1, description=label))
    console.print(f"{result.ran} cases run through the services' APIs for {year.today.year}; {result.already} found"
                  f" done already (an earlier run); {len(result.refused)} refused.")
    for line in result.refused[:10]:
        console.print(f"[red]refused[/red] {line}")
    raise typer.Exit(1 if result.refused else 0)


@dead_letters.command("list")
def dead_letters_list(service: ServiceName, url: ServiceUrl = None, data_dir: DataDir = Path("var")) -> None:
    """Show parked events waiting for replay."""
    with _admin_client(service, url, data_dir) as client:
        response = client.get("/v1/admin/dead-letters")
    response.raise_for_status()
    table = Table("id", "consumer", "type", "deliveries", "parked at", "error")
    for row in response.json()["items"]:
        table.add_row(str(row["id"]), row["consumer"], row["type"] or "", str(row["deliveries"]),
                      row["parked_at"], row["error"][:80])
    console.print(table)


@dead_letters.command("replay")
def dead_letters_replay(
    service: ServiceName,
    ids: Annotated[list[int], typer.Argument(help="dead-letter ids (see `list`)")],
    url: ServiceUrl = None,
    data_dir: DataDir = Path("var"),
) -> None:
    """Run parked events through their consumer again."""
    failed = 0
    with _admin_client(service, url, data_dir) as client:
        for id in ids:
            response = client.post(f"/v1/admin/dead-letters/{id}/replay")
            ok = response.status_code < 400
            failed += not ok
            console.print(f"{id}: {'replayed' if ok else response.json().get('detail', response.text)}")
    raise typer.Exit(1 if failed else 0)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
