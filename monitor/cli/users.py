"""`monitor users add|remove|list|passwd|role`: the newsroom's named accounts (issue 17).

The accounts live in their own file beside the database (monitor/store/accounts.py says why);
every command names the file it changed, so nobody wonders where they went.
"""

from __future__ import annotations

import os
import sys

import click

from monitor.cli.base import State, user_errors
from monitor.errors import MonitorError
from monitor.store import accounts as store
from monitor.store.accounts import ROLES


def _password(password_stdin: bool, prompt: str = "Password") -> str:
    """The password from one line of stdin (scripts) or typed twice, unseen (people)."""
    if password_stdin:
        line = sys.stdin.readline()
        return line[:-1] if line.endswith("\n") else line
    return str(click.prompt(prompt, hide_input=True, confirmation_prompt=True,
                            default="", show_default=False))


def _where(state: State) -> str:
    return str(store.accounts_path(state.db_path))


@click.group()
def users() -> None:
    """Named accounts for the newsroom: readers, reviewers, admins.

    Stored with salted password hashes in a file of their own beside the database
    (DB-accounts, or $MONITOR_ACCOUNTS), which Datasette never serves. Without accounts the
    newsroom is open for reading and nobody can review; with them, `serve --private` asks
    everyone to log in, and reviewers and admins may review.
    """


@users.command()
@click.argument("name")
@click.option("--role", default="reader", show_default=True,
              help=f"One of {', '.join(ROLES)}: readers read, reviewers and admins also review.")
@click.option("--password-stdin", is_flag=True,
              help="Read the password from the first line of stdin (for scripts).")
@click.pass_obj
def add(state: State, name: str, role: str, password_stdin: bool) -> None:
    """Add the account NAME (asks for its password twice)."""
    with user_errors():
        store.check_name(name)
        store.check_role(role)
        path = store.accounts_path(state.db_path)
        taken = store.get_account(path, name)
        if taken is not None:  # before asking for a password that would be thrown away
            raise MonitorError(f"there is already an account {taken.name!r} (change its "
                               "password with `monitor users passwd`)")
        account = store.add_account(path, name, role, _password(password_stdin))
    click.echo(f"added {account.name} ({account.role}) to {_where(state)}")


@users.command()
@click.argument("name")
@click.pass_obj
def remove(state: State, name: str) -> None:
    """Remove the account NAME; its sessions end at once."""
    with user_errors():
        store.remove_account(store.accounts_path(state.db_path), name)
    click.echo(f"removed {name} from {_where(state)}")


@users.command(name="list")
@click.pass_obj
def list_(state: State) -> None:
    """The accounts, their roles and when they last changed (never a password hash)."""
    with user_errors():
        accounts = store.list_accounts(store.accounts_path(state.db_path))
    if not accounts:
        click.echo(f"no accounts in {_where(state)}: the newsroom is open for reading and "
                   "nobody can review (add one with `monitor users add NAME --role reviewer`)")
        return
    click.echo(f"accounts in {_where(state)}:")
    width = max(len(a.name) for a in accounts)
    for account in accounts:
        click.echo(f"  {account.name:{width}}  {account.role:8}  created {account.created}"
                   f"  changed {account.changed}")


@users.command()
@click.argument("name")
@click.option("--password-stdin", is_flag=True,
              help="Read the new password from the first line of stdin (for scripts).")
@click.pass_obj
def passwd(state: State, name: str, password_stdin: bool) -> None:
    """Set a new password for NAME; its sessions end at once."""
    with user_errors():
        path = store.accounts_path(state.db_path)
        if store.get_account(path, name) is None:
            raise store.AccountError(f"no such account: {name!r} (see `monitor users list`)")
        store.set_password(path, name, _password(password_stdin, "New password"))
    click.echo(f"changed the password of {name}; its sessions have ended")


@users.command()
@click.argument("name")
@click.argument("role")
@click.pass_obj
def role(state: State, name: str, role: str) -> None:
    """Give NAME another ROLE (reader, reviewer or admin); its sessions end at once."""
    with user_errors():
        store.set_role(store.accounts_path(state.db_path), name, role)
    click.echo(f"{name} is now {role}; its sessions have ended")


def check_private(state: State) -> None:
    """`serve --private` needs someone who can log in: an account, or the old shared password."""
    from monitor.publish.datasette import PASSWORD_ENV

    if store.has_accounts(store.accounts_path(state.db_path)):
        return
    if os.environ.get(PASSWORD_ENV):
        click.echo(f"note: --private with the old shared password (${PASSWORD_ENV}, user name "
                   "staff, read only); named accounts replace it: `monitor users add NAME`",
                   err=True)
        return
    raise MonitorError(f"--private needs an account to log in with, and {_where(state)} has "
                       "none: add one with `monitor users add NAME --role reader` (see "
                       "docs/publishing.md)")
