-- What a session is for: `cookie` (the site's own pages, a cookie) or `widget` (a widget on a
-- partner's page, a bearer token). A widget session comments, edits, deletes and signs out;
-- it cannot manage the account, and it lasts a week.
ALTER TABLE sessions ADD COLUMN kind TEXT NOT NULL DEFAULT 'cookie'
    CHECK (kind IN ('cookie', 'widget'));
