"""The `playground` command: serve, sandbox, db upgrade, users, tokens, run, keys rotate."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from playground.cli_backup import add_backup_commands
from playground.settings import Settings


def _serve(args: argparse.Namespace) -> int:
    """Run the playground web server."""
    from playground.store.migrate import SchemaOutdated
    from playground.web.served import serve

    try:
        serve(
            host=args.host,
            port=args.port,
            forwarded_allow_ips=args.forwarded_allow_ips,
            workers=args.workers,
        )
    except SchemaOutdated as refused:
        print(refused, file=sys.stderr)
        return 1
    return 0


def _sandbox(args: argparse.Namespace) -> int:
    """Run the standalone sandbox."""
    from playground.sandbox.server import run

    run(host=args.host, port=args.port, delay=args.delay)
    return 0


def _sandbox_reset(_args: argparse.Namespace) -> int:
    """Bring back the seeded sandbox data in every running playground."""
    from playground.cli_admin import reset_sandbox

    return reset_sandbox(Settings())


def _db_upgrade(_args: argparse.Namespace) -> int:
    """Apply the migrations."""
    from playground.store import migrate

    settings = Settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    migrate.upgrade(settings.effective_database_url)
    print("Database is up to date.")
    return 0


def _read_password() -> str:
    """The password from a prompt, or from stdin when it is not a terminal."""
    if sys.stdin.isatty():
        first = getpass.getpass("Password: ")
        if getpass.getpass("Again: ") != first:
            raise SystemExit("The two passwords differ.")
        return first
    return sys.stdin.readline().rstrip("\n")


def _users_create(args: argparse.Namespace) -> int:
    """Create an account."""
    from playground.cli_admin import create_user

    return create_user(Settings(), args.name, _read_password(), is_admin=args.admin)


def _users_list(_args: argparse.Namespace) -> int:
    """Print every account with its role and state."""
    from playground.cli_admin import list_users

    return list_users(Settings())


def _users_disable(args: argparse.Namespace) -> int:
    """Disable an account."""
    from playground.cli_admin import set_active

    return set_active(Settings(), args.name, active=False)


def _users_enable(args: argparse.Namespace) -> int:
    """Enable an account."""
    from playground.cli_admin import set_active

    return set_active(Settings(), args.name, active=True)


def _users_set_role(args: argparse.Namespace) -> int:
    """Make an account an admin or a member."""
    from playground.cli_admin import set_role

    return set_role(Settings(), args.name, args.role)


def _users_reset_password(args: argparse.Namespace) -> int:
    """Give an account a one-time password."""
    from playground.cli_admin import reset_password

    return reset_password(Settings(), args.name)


def _users_reset_two_factor(args: argparse.Namespace) -> int:
    """Remove an account's second factor."""
    from playground.cli_admin import reset_two_factor

    return reset_two_factor(Settings(), args.name)


def _users_unbind_sso(args: argparse.Namespace) -> int:
    """Release an account from its OpenID provider id."""
    from playground.cli_admin import unbind_sso

    return unbind_sso(Settings(), args.name)


def _add_users_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`playground users list|create|disable|enable|reset-…|unbind-sso|set-role`."""
    users = sub.add_parser("users", help="accounts").add_subparsers(dest="users", required=True)
    users.add_parser("list", help="list accounts").set_defaults(func=_users_list)
    create = users.add_parser("create", help="create an account; password from stdin or prompt")
    create.add_argument("name")
    create.add_argument("--admin", action="store_true")
    create.set_defaults(func=_users_create)
    for name, func, text in (
        ("disable", _users_disable, "disable an account and end its sessions"),
        ("enable", _users_enable, "enable a disabled account"),
        ("reset-password", _users_reset_password, "print a one-time password; end sessions"),
        ("reset-two-factor", _users_reset_two_factor, "remove the second factor; end sessions"),
        ("unbind-sso", _users_unbind_sso, "let the next OpenID sign-in bind the account anew"),
    ):
        command = users.add_parser(name, help=text)
        command.add_argument("name")
        command.set_defaults(func=func)
    role = users.add_parser("set-role", help="make an account an admin or a member")
    role.add_argument("name")
    role.add_argument("role", choices=("admin", "member"))
    role.set_defaults(func=_users_set_role)


def _tokens_create(args: argparse.Namespace) -> int:
    """Create an access token and print it once."""
    from playground.cli_tokens import create_token

    return create_token(
        Settings(),
        args.user,
        name=args.name,
        profile_names=args.profile,
        read_only=args.read_only,
        expires_days=args.expires or None,
        resourcetypes=args.resourcetype,
    )


def _tokens_list(args: argparse.Namespace) -> int:
    """Print a user's access tokens."""
    from playground.cli_tokens import list_tokens

    return list_tokens(Settings(), args.user)


def _tokens_revoke(args: argparse.Namespace) -> int:
    """Revoke an access token."""
    from playground.cli_tokens import revoke_token

    return revoke_token(Settings(), args.id)


def _add_tokens_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`playground tokens create|list|revoke`."""
    tokens = sub.add_parser("tokens", help="access tokens for the JSON API")
    commands = tokens.add_subparsers(dest="tokens", required=True)
    create = commands.add_parser("create", help="create a token for USER and print it once")
    create.add_argument("user")
    create.add_argument("--name", required=True)
    create.add_argument(
        "--profile", action="append", default=[], help="a profile it may use (repeatable; "
        "none: every profile the user may use)",
    )  # fmt: skip
    create.add_argument("--read-only", action="store_true", help="only read and get")
    create.add_argument("--resourcetype", action="append", default=[], help="allowed (repeatable)")
    create.add_argument("--expires", type=int, default=90, help="days (0: never; default 90)")
    create.set_defaults(func=_tokens_create)
    listing = commands.add_parser("list", help="list a user's tokens")
    listing.add_argument("user")
    listing.set_defaults(func=_tokens_list)
    revoke = commands.add_parser("revoke", help="revoke a token by its id")
    revoke.add_argument("id", type=int)
    revoke.set_defaults(func=_tokens_revoke)


def _run(args: argparse.Namespace) -> int:
    """Run saved requests through a playground server."""
    from playground.runner import run

    token = args.token or os.environ.get("PLAYGROUND_API_TOKEN", "")
    return run(args.url, token, args.saved, all_team=args.all_team, junit_file=args.junit)


def _add_run_command(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`playground run --url URL --token TOKEN SAVED… | --all-team [--junit FILE]`."""
    run = sub.add_parser("run", help="run saved requests through a playground (smoke tests)")
    run.add_argument("saved", nargs="*", help="saved requests by id or name")
    run.add_argument("--url", required=True, help="the playground, e.g. https://playground.example")
    run.add_argument("--token", default="", help="access token (default: PLAYGROUND_API_TOKEN)")
    run.add_argument("--all-team", action="store_true", help="every saved request of the team")
    run.add_argument("--junit", type=Path, help="write JUnit XML to this file")
    run.set_defaults(func=_run)


def _keys_rotate(args: argparse.Namespace) -> int:
    """Re-encrypt every stored credential with the newest key."""
    from playground.cli_admin import rotate_keys

    return rotate_keys(Settings(), new_key=args.new_key)


def _parser() -> argparse.ArgumentParser:
    """The command line grammar."""
    parser = argparse.ArgumentParser(prog="playground", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="run the playground web server")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument(
        "--forwarded-allow-ips",
        default=Settings().forwarded_allow_ips,
        help="proxies trusted for X-Forwarded-* (default: PLAYGROUND_FORWARDED_ALLOW_IPS)",
    )
    serve.add_argument(
        "--workers", type=int, default=1, help="worker processes sharing the port (default: 1)"
    )
    serve.set_defaults(func=_serve)
    sandbox = sub.add_parser("sandbox", help="run the standalone onOffice sandbox")
    sandbox.add_argument("--host", default="127.0.0.1")
    sandbox.add_argument("--port", type=int, default=8001)
    sandbox.add_argument(
        "--delay",
        type=float,
        default=0.0,
        help="answer every request this many seconds late, to try code against a slow API",
    )
    sandbox.set_defaults(func=_sandbox)
    sandbox_actions = sandbox.add_subparsers(dest="sandbox_action")
    sandbox_actions.add_parser(
        "reset", help="bring back the seeded data of the playground's built-in sandbox"
    ).set_defaults(func=_sandbox_reset)
    db = sub.add_parser("db", help="database tasks").add_subparsers(dest="db", required=True)
    db.add_parser("upgrade", help="apply migrations").set_defaults(func=_db_upgrade)
    _add_users_commands(sub)
    _add_tokens_commands(sub)
    _add_run_command(sub)
    add_backup_commands(sub)
    keys = sub.add_parser("keys", help="encryption keys").add_subparsers(dest="keys", required=True)
    rotate = keys.add_parser("rotate", help="re-encrypt all credentials with the newest key")
    rotate.add_argument(
        "--new-key",
        action="store_true",
        help="first add a new key to the data directory's key file",
    )
    rotate.set_defaults(func=_keys_rotate)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `playground` console script."""
    args = _parser().parse_args(argv)
    result: int = args.func(args)
    return result


if __name__ == "__main__":
    raise SystemExit(main())
