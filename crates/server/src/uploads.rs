//! Where contributed files are kept: a [`Storage`] of content-addressed blobs (named by the
//! hex SHA-256 of their bytes), the local disk by default ([`LocalDisk`], outside the static
//! root); an object store would be another implementation. Uploads arrive in
//! [`TempFile`]s, removed unless kept, so a failed or dropped upload leaves nothing behind.

use std::io;
use std::path::{Path, PathBuf};

/// A store of files by digest. Called from blocking tasks.
pub trait Storage: Send + Sync + std::fmt::Debug {
    /// Takes the finished file at `temp` (moved, or copied then removed) as blob `sha256`; a
    /// blob that exists already stays as it is (the same bytes).
    fn put(&self, temp: &Path, sha256: &str) -> io::Result<()>;
    /// Opens blob `sha256` for reading.
    fn open(&self, sha256: &str) -> io::Result<std::fs::File>;
    /// Deletes blob `sha256`; one that is not there is no error.
    fn remove(&self, sha256: &str) -> io::Result<()>;
    /// A directory on the same file system as the store for uploads in progress.
    fn temp_dir(&self) -> PathBuf;
}

/// Fails when `uploads` lies within `static_root`: contributed files would be served to
/// anyone who guessed their names, where only moderators may fetch them.
pub fn outside_static_root(uploads: &Path, static_root: &Path) -> anyhow::Result<()> {
    let uploads = uploads.canonicalize()?;
    let Ok(static_root) = static_root.canonicalize() else {
        // A static root that does not exist serves nothing.
        return Ok(());
    };
    anyhow::ensure!(
        !uploads.starts_with(&static_root),
        "the uploads directory {} is inside the static root {}: contributed files must not \
         be served to everyone; give --uploads a directory outside it",
        uploads.display(),
        static_root.display()
    );
    Ok(())
}

/// How long after its last write a file in `tmp/` counts as left by a crash: longer than any
/// upload takes (the largest contribution on a slow line), as a write refreshes it.
pub const LEFT_BY_A_CRASH: std::time::Duration = std::time::Duration::from_secs(6 * 3600);

/// Blobs in a directory: `ab/abcdef…` (two levels keep directories small).
#[derive(Debug, Clone)]
pub struct LocalDisk {
    root: PathBuf,
}

impl LocalDisk {
    /// A store under `root` (created when missing, with `tmp/` for uploads in progress). What
    /// `tmp/` holds from more than [`LEFT_BY_A_CRASH`] ago was left by a crash and goes; newer
    /// files may be uploads another process serving the same folder is receiving, and stay.
    pub fn new(root: impl Into<PathBuf>) -> io::Result<Self> {
        let root = root.into();
        let temp = root.join("tmp");
        std::fs::create_dir_all(&temp)?;
        let now = std::time::SystemTime::now();
        for entry in std::fs::read_dir(&temp)? {
            let entry = entry?;
            let old = entry
                .metadata()
                .and_then(|metadata| metadata.modified())
                .ok()
                .and_then(|modified| now.duration_since(modified).ok())
                .is_some_and(|age| age > LEFT_BY_A_CRASH);
            if old {
                let path = entry.path();
                let removed = if path.is_dir() {
                    std::fs::remove_dir_all(&path)
                } else {
                    std::fs::remove_file(&path)
                };
                if let Err(error) = removed {
                    tracing::warn!(%error, path = %path.display(), "could not remove a crash's upload");
                }
            }
        }
        Ok(Self { root })
    }

    fn path_of(&self, sha256: &str) -> io::Result<PathBuf> {
        let valid = sha256.len() == 64 && sha256.bytes().all(|b| b.is_ascii_hexdigit());
        if !valid {
            return Err(io::Error::new(io::ErrorKind::InvalidInput, "not a SHA-256"));
        }
        Ok(self.root.join(&sha256[..2]).join(sha256))
    }
}

impl Storage for LocalDisk {
    fn put(&self, temp: &Path, sha256: &str) -> io::Result<()> {
        let path = self.path_of(sha256)?;
        if path.exists() {
            return std::fs::remove_file(temp);
        }
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::rename(temp, &path)
    }

    fn open(&self, sha256: &str) -> io::Result<std::fs::File> {
        std::fs::File::open(self.path_of(sha256)?)
    }

    fn remove(&self, sha256: &str) -> io::Result<()> {
        match std::fs::remove_file(self.path_of(sha256)?) {
            Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(()),
            done => done,
        }
    }

    fn temp_dir(&self) -> PathBuf {
        self.root.join("tmp")
    }
}

/// A file that is removed when dropped, unless it was moved away first.
#[derive(Debug)]
pub struct TempFile {
    path: PathBuf,
}

impl TempFile {
    /// A new, empty file with a random name in `dir`.
    pub fn create(dir: &Path) -> io::Result<Self> {
        let mut bytes = [0u8; 16];
        getrandom::fill(&mut bytes).map_err(|_| io::Error::other("no randomness"))?;
        let path = dir.join(format!("upload-{}", crate::auth::password::hex(&bytes)));
        std::fs::File::create_new(&path)?;
        Ok(Self { path })
    }

    /// Where it is.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        // Gone already when it was kept (moved into the store).
        let _ = std::fs::remove_file(&self.path);
    }
}

#[cfg(test)]
mod tests {
    use super::{LEFT_BY_A_CRASH, LocalDisk, outside_static_root};

    #[test]
    fn a_start_removes_a_crashs_uploads_and_keeps_those_in_progress() {
        let dir = tempfile::tempdir().expect("temp dir");
        let temp = dir.path().join("tmp");
        std::fs::create_dir_all(&temp).expect("creates");
        let (stale, fresh) = (temp.join("stale.part"), temp.join("fresh.part"));
        std::fs::write(&stale, b"left by a crash").expect("writes");
        std::fs::write(&fresh, b"still arriving").expect("writes");
        let long_ago = std::time::SystemTime::now() - LEFT_BY_A_CRASH * 2;
        std::fs::File::options()
            .write(true)
            .open(&stale)
            .and_then(|file| file.set_modified(long_ago))
            .expect("dates the file");
        LocalDisk::new(dir.path()).expect("opens");
        assert!(!stale.exists(), "a crash's upload stayed");
        assert!(fresh.exists(), "an upload in progress was removed");
    }

    #[test]
    fn uploads_may_not_lie_within_the_static_root() {
        let dir = tempfile::tempdir().expect("temp dir");
        let site = dir.path().join("dist");
        let inside = site.join("media").join("uploads");
        let beside = dir.path().join("uploads");
        for path in [&inside, &beside] {
            std::fs::create_dir_all(path).expect("creates");
        }
        let refused = outside_static_root(&inside, &site).expect_err("refused");
        assert!(refused.to_string().contains("inside the static root"));
        // Through another name for the same place, too.
        let by_dots = site.join("media").join("..").join("media").join("uploads");
        assert!(outside_static_root(&by_dots, &site).is_err());
        assert!(outside_static_root(&beside, &site).is_ok());
        assert!(outside_static_root(&beside, &dir.path().join("no such dir")).is_ok());
    }
}
