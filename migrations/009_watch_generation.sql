-- A counter that moves whenever the set of active watches could have changed (issue 11): a watch
-- added or removed (also by a cascade when its chat row goes), or a chat stopped, blocked, resumed
-- or given a new id (group → supergroup; the watches follow by cascade). The CVE watch cycle keeps
-- the watches parsed and name-normalised between cycles and recompiles them only when this moves,
-- instead of reading and parsing 1,000 watches every 20 minutes. Triggers, not application code,
-- so a write from any process or path (the bot, the CLI, a cascade) is counted.
CREATE TABLE watch_generation (n INTEGER NOT NULL);
INSERT INTO watch_generation (n) VALUES (0);

CREATE TRIGGER watches_added AFTER INSERT ON watches BEGIN
  UPDATE watch_generation SET n = n + 1;
END;
CREATE TRIGGER watches_removed AFTER DELETE ON watches BEGIN
  UPDATE watch_generation SET n = n + 1;
END;
CREATE TRIGGER chats_watching_changed AFTER UPDATE OF id, active, subscribed ON chats BEGIN
  UPDATE watch_generation SET n = n + 1;
END;
