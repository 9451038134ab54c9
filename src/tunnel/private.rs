//! Directories and files under `--data-dir` that only the relay's user can
//! read: queued requests hold whole webhooks (headers, bodies, signatures),
//! and the token file a credential.

use std::fs::{DirBuilder, File, OpenOptions};
use std::io::Write;
use std::path::Path;

/// Create `path` and any missing parents, each new one 0700 on unix.
pub fn create_dir_all(path: &Path) -> std::io::Result<()> {
    let mut builder = DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(path)
}

/// Create `path` like [`create_dir_all`], and narrow it to 0700 on unix even
/// when it was there already: one made by an older hook was 0755, and closing
/// it hides whatever it already holds.
pub fn create_closed_dir(path: &Path) -> std::io::Result<()> {
    create_dir_all(path)?;
    // Best effort: one owned by another user keeps its mode and still serves, as before.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o700));
    }
    Ok(())
}

/// Create (or truncate) a file that only its owner can read, 0600 on unix.
pub fn create_file(path: &Path) -> std::io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}

/// Write a whole file that only its owner can read.
pub fn write(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    create_file(path)?.write_all(bytes)
}
