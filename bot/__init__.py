"""The assistant's channels (terminal, Telegram), its SQLite store and the `kmobot` command."""
