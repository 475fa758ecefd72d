//! `byline-server`: serves Byline's JSON API (and optionally the built front end), or seeds
//! comments. See `byline-server --help`.

use std::process::ExitCode;

use byline_server::{Cli, Command, Config};
use clap::Parser;
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> ExitCode {
    let command = Cli::parse().into_command();
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .init();
    let result = match command {
        Command::Serve(args) => byline_server::run(Config::from(args)).await,
        Command::Seed(args) => byline_server::seed_command(args).await,
        Command::Backup(args) => byline_server::backup_command(args).await,
        Command::Grant(args) => byline_server::grant_command(args).await,
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!("{error:#}");
            ExitCode::FAILURE
        }
    }
}
