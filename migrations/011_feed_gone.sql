-- Why a feed was disabled by the product rather than by an operator (issue 13): a 410 Gone from the
-- publisher. NULL for a feed that is enabled or that an operator disabled. A feed disabled with a
-- reason stays disabled when FEEDS_FILE still lists it; /addfeed or an import turns it back on.
ALTER TABLE feeds ADD COLUMN disabled_reason TEXT;
