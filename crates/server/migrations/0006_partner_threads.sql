-- Threads for partners' own pages (`data-url` widgets): an `articles` row with the page's
-- address, its title and nothing of an article. Such rows are never listed, related, shown
-- as an article or counted among the site's latest comments; articles have no `url`.
ALTER TABLE articles ADD COLUMN url TEXT;

CREATE UNIQUE INDEX articles_by_url ON articles (url) WHERE url IS NOT NULL;
