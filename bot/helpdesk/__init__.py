"""The helpdesk's web console: agents see, take over and guide conversations (`kmobot helpdesk`).

`web` serves the pages and the JSON API, `auth` the logins, sessions and CSRF tokens,
`gesprekken` the queue and a conversation's data, `acties` what an agent does for a chat,
`cli` the command line. The tables are in `bot.helpdesk_db`.
"""
