"""Dependencies naming who acts on a request, for services that check and audit it."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from playground.services.users import Actor
from playground.web.deps import AdminUser, LoginDep, client_address


async def get_actor(request: Request, login: LoginDep) -> Actor:
    """The logged-in user, their address and their current session."""
    return Actor(user=login.user, address=client_address(request), session_hash=login.session_hash)


ActorDep = Annotated[Actor, Depends(get_actor)]


async def get_admin_actor(actor: ActorDep, _admin: AdminUser) -> Actor:
    """The acting admin; members get a 403 page."""
    return actor


AdminActor = Annotated[Actor, Depends(get_admin_actor)]
