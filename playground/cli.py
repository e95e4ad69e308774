"""The `playground` command: serve, sandbox, db upgrade, users, keys rotate."""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Sequence

from playground.settings import Settings


def _serve(args: argparse.Namespace) -> int:
    """Run the playground web server."""
    from playground.web.served import serve

    serve(
        host=args.host,
        port=args.port,
        forwarded_allow_ips=args.forwarded_allow_ips,
        workers=args.workers,
    )
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


def _add_users_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`playground users list|create|disable|enable|set-role`."""
    users = sub.add_parser("users", help="accounts").add_subparsers(dest="users", required=True)
    users.add_parser("list", help="list accounts").set_defaults(func=_users_list)
    create = users.add_parser("create", help="create an account; password from stdin or prompt")
    create.add_argument("name")
    create.add_argument("--admin", action="store_true")
    create.set_defaults(func=_users_create)
    for name, func, text in (
        ("disable", _users_disable, "disable an account and end its sessions"),
        ("enable", _users_enable, "enable a disabled account"),
    ):
        command = users.add_parser(name, help=text)
        command.add_argument("name")
        command.set_defaults(func=func)
    role = users.add_parser("set-role", help="make an account an admin or a member")
    role.add_argument("name")
    role.add_argument("role", choices=("admin", "member"))
    role.set_defaults(func=_users_set_role)


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
