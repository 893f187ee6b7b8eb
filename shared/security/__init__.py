"""Passwords, tokens and the other security primitives."""
