-- all of them with PRAGMA user_version 1, before the outbox: the tables kmobot 1d57ee1 created (bot/store.py and the modules it read).
-- user_version 1
CREATE TABLE IF NOT EXISTS gesprekken (
    kanaal TEXT NOT NULL,
    chat_id TEXT NOT NULL,
    state TEXT NOT NULL,
    bijgewerkt TEXT NOT NULL DEFAULT (datetime('now')),
    PRIMARY KEY (kanaal, chat_id)
);
CREATE TABLE IF NOT EXISTS projecten (
    projectnummer TEXT PRIMARY KEY,
    kanaal TEXT NOT NULL,
    chat_id TEXT NOT NULL,
    onderneming TEXT NOT NULL,
    jaar INTEGER NOT NULL,
    aanvraagdatum TEXT NOT NULL,
    subsidie TEXT NOT NULL,
    status TEXT NOT NULL,
    data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS projecten_chat ON projecten (kanaal, chat_id, onderneming, jaar);
CREATE TABLE IF NOT EXISTS volgnummers (
    jaar INTEGER PRIMARY KEY,
    laatste INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS meta (
    sleutel TEXT PRIMARY KEY,
    waarde TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS dienstverleners (
    registratienummer TEXT PRIMARY KEY,
    naam TEXT NOT NULL,
    type TEXT NOT NULL,
    zoeknaam TEXT NOT NULL,
    bron TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS telegram_updates (
    bot_id INTEGER NOT NULL,
    update_id INTEGER NOT NULL,
    chat_id TEXT,
    ontvangen TEXT NOT NULL DEFAULT (datetime('now')),
    PRIMARY KEY (bot_id, update_id)
);
CREATE INDEX IF NOT EXISTS telegram_updates_chat ON telegram_updates (chat_id);
CREATE TABLE IF NOT EXISTS herinneringen (
    projectnummer TEXT NOT NULL,
    dagen_voor INTEGER NOT NULL,
    kanaal TEXT NOT NULL,
    chat_id TEXT NOT NULL,
    status TEXT NOT NULL,
    bijgewerkt TEXT NOT NULL DEFAULT (datetime('now')),
    PRIMARY KEY (projectnummer, dagen_voor)
);
CREATE TABLE IF NOT EXISTS thema_keuzes (
    titel TEXT NOT NULL,
    thema TEXT NOT NULL,
    subthema TEXT NOT NULL,
    kanaal TEXT NOT NULL,
    aantal INTEGER NOT NULL DEFAULT 1,
    eerste TEXT NOT NULL DEFAULT (datetime('now')),
    PRIMARY KEY (titel, thema, subthema, kanaal)
);
CREATE INDEX IF NOT EXISTS projecten_onderneming ON projecten (onderneming, jaar);
CREATE TABLE IF NOT EXISTS rechten (
    volgnummer INTEGER PRIMARY KEY,
    onderneming TEXT NOT NULL,
    kanaal TEXT NOT NULL,
    chat_id TEXT NOT NULL,
    rol TEXT NOT NULL,
    sinds TEXT NOT NULL,
    UNIQUE (onderneming, kanaal, chat_id)
);
CREATE INDEX IF NOT EXISTS rechten_chat ON rechten (kanaal, chat_id);
CREATE TABLE IF NOT EXISTS toegangscodes (
    id INTEGER PRIMARY KEY,
    onderneming TEXT NOT NULL,
    hash TEXT NOT NULL,
    geldig_tot TEXT NOT NULL,
    kanaal TEXT NOT NULL,
    chat_id TEXT NOT NULL,
    gebruikt INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS toegangscodes_onderneming ON toegangscodes (onderneming);
CREATE TABLE IF NOT EXISTS codepogingen (
    kanaal TEXT NOT NULL,
    chat_id TEXT NOT NULL,
    mislukt INTEGER NOT NULL,
    geblokkeerd_tot TEXT,
    PRIMARY KEY (kanaal, chat_id)
);
CREATE TABLE IF NOT EXISTS groottes (
    onderneming TEXT NOT NULL,
    jaar INTEGER NOT NULL,
    grootte TEXT NOT NULL,
    bron TEXT NOT NULL,
    PRIMARY KEY (onderneming, jaar)
);
CREATE TABLE IF NOT EXISTS ondernemingen (
    onderneming TEXT PRIMARY KEY,
    nace TEXT
);
