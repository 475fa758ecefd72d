//! The command line (each option has an environment twin) and the settings it produces.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// The default database file, relative to the working directory.
pub const DEFAULT_DB: &str = "data/byline.db";

/// `byline-server [serve] [OPTIONS]` or `byline-server seed --article SLUG --comments N`.
#[derive(Debug, Parser)]
#[command(
    name = "byline-server",
    version,
    about = "Byline's JSON endpoint: articles and reader comments over SQLite",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    /// What to do; serving is the default.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Options of `serve` when the subcommand is left out.
    #[command(flatten)]
    pub serve: ServeArgs,
}

impl Cli {
    /// The command to run, `serve` with the top-level options when none was named.
    pub fn into_command(self) -> Command {
        self.command.unwrap_or(Command::Serve(self.serve))
    }
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the API (and optionally a built front end). The default.
    Serve(ServeArgs),
    /// Append generated comments to an article, for load and pagination testing.
    Seed(SeedArgs),
}

/// Options of `serve`.
#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// The address to listen on.
    #[arg(long, env = "BYLINE_ADDR", default_value = "127.0.0.1:3000")]
    pub addr: SocketAddr,
    /// The SQLite file; created and migrated when missing.
    #[arg(long, env = "BYLINE_DB", default_value = DEFAULT_DB)]
    pub db: PathBuf,
    /// A directory with a built front end, served for every path outside /api.
    #[arg(long = "static", env = "BYLINE_STATIC", value_name = "DIR")]
    pub static_dir: Option<PathBuf>,
    /// Origins allowed to call the API from a browser (comma-separated, or `*`); none means
    /// same-origin only.
    #[arg(
        long,
        env = "BYLINE_ALLOWED_ORIGINS",
        value_delimiter = ',',
        value_parser = parse_origin
    )]
    pub allowed_origins: Vec<String>,
    /// A seed file to load into an empty database instead of the built-in one.
    #[arg(long, env = "BYLINE_SEED_FILE", value_name = "FILE")]
    pub seed_file: Option<PathBuf>,
    /// Leave an empty database empty.
    #[arg(long, env = "BYLINE_NO_SEED", conflicts_with = "seed_file")]
    pub no_seed: bool,
}

/// Options of `seed`.
#[derive(Debug, Clone, Args)]
pub struct SeedArgs {
    /// The slug of the article to add comments to.
    #[arg(long)]
    pub article: String,
    /// How many comments to add.
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub comments: u32,
    /// The SQLite file; created, migrated and seeded with the built-in content when missing.
    #[arg(long, env = "BYLINE_DB", default_value = DEFAULT_DB)]
    pub db: PathBuf,
}

/// Where the content of an empty database comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SeedSource {
    /// The seed compiled into the binary (`seed/site.json`).
    Builtin,
    /// A seed file in the same format.
    File(PathBuf),
    /// No seeding.
    Disabled,
}

/// Everything `serve` needs.
#[derive(Debug, Clone)]
pub struct Config {
    /// The address to listen on (port 0 picks a free port).
    pub addr: SocketAddr,
    /// The SQLite file.
    pub db: PathBuf,
    /// A built front end to serve outside /api.
    pub static_dir: Option<PathBuf>,
    /// Origins allowed by CORS (`*` for any); empty means same-origin only.
    pub allowed_origins: Vec<String>,
    /// What to load into an empty database.
    pub seed: SeedSource,
}

impl Config {
    /// Settings for a database file with everything else at its default: localhost:3000, no
    /// front end, no CORS, the built-in seed.
    pub fn new(db: impl Into<PathBuf>) -> Self {
        Self {
            addr: SocketAddr::from(([127, 0, 0, 1], 3000)),
            db: db.into(),
            static_dir: None,
            allowed_origins: Vec::new(),
            seed: SeedSource::Builtin,
        }
    }
}

impl From<ServeArgs> for Config {
    fn from(args: ServeArgs) -> Self {
        let seed = match (args.no_seed, args.seed_file) {
            (true, _) => SeedSource::Disabled,
            (false, Some(file)) => SeedSource::File(file),
            (false, None) => SeedSource::Builtin,
        };
        Self {
            addr: args.addr,
            db: args.db,
            static_dir: args.static_dir,
            allowed_origins: args
                .allowed_origins
                .into_iter()
                .filter(|origin| !origin.is_empty())
                .collect(),
            seed,
        }
    }
}

/// Checks one allowed origin: `*`, or `http(s)://host[:port]` without a path. An empty value
/// (as from `BYLINE_ALLOWED_ORIGINS=`) is kept and dropped later: it means no origin.
fn parse_origin(value: &str) -> Result<String, String> {
    let value = value.trim();
    if value.is_empty() || value == "*" {
        return Ok(value.to_owned());
    }
    let rest = value
        .strip_prefix("https://")
        .or_else(|| value.strip_prefix("http://"))
        .ok_or_else(|| format!("`{value}` is not an origin like https://example.com"))?;
    let valid_host = !rest.is_empty()
        && rest
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'));
    if valid_host {
        Ok(value.trim_end_matches('/').to_owned())
    } else {
        Err(format!(
            "`{value}` is not an origin like https://example.com (no path, no trailing slash)"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Command {
        Cli::try_parse_from(args).expect("parses").into_command()
    }

    #[test]
    fn serve_is_the_default_command() {
        let Command::Serve(args) = parse(&["byline-server", "--addr", "0.0.0.0:8080"]) else {
            panic!("expected serve");
        };
        assert_eq!(args.addr.port(), 8080);
        let Command::Serve(args) = parse(&["byline-server", "serve", "--no-seed"]) else {
            panic!("expected serve");
        };
        assert_eq!(Config::from(args).seed, SeedSource::Disabled);
    }

    #[test]
    fn seed_subcommand_takes_article_and_count() {
        let Command::Seed(args) = parse(&[
            "byline-server",
            "seed",
            "--article",
            "river-dam-talks",
            "--comments",
            "500",
            "--db",
            "/tmp/x.db",
        ]) else {
            panic!("expected seed");
        };
        assert_eq!(args.article, "river-dam-talks");
        assert_eq!(args.comments, 500);
        assert!(
            Cli::try_parse_from(["byline-server", "seed", "--article", "x", "--comments", "0"])
                .is_err()
        );
    }

    #[test]
    fn allowed_origins_are_comma_separated_and_checked() {
        let Command::Serve(args) = parse(&[
            "byline-server",
            "--allowed-origins",
            "http://localhost:8080, https://byline.example",
        ]) else {
            panic!("expected serve");
        };
        assert_eq!(
            args.allowed_origins,
            ["http://localhost:8080", "https://byline.example"]
        );
        let Command::Serve(args) = parse(&["byline-server", "--allowed-origins", ""]) else {
            panic!("expected serve");
        };
        assert!(Config::from(args).allowed_origins.is_empty());
        assert!(
            Cli::try_parse_from(["byline-server", "--allowed-origins", "example.com"]).is_err()
        );
        assert!(
            Cli::try_parse_from(["byline-server", "--allowed-origins", "https://a.b/path"])
                .is_err()
        );
    }
}
