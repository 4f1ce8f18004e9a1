"""People who keep the directory true: users, roles, organisation membership, sign-in."""
