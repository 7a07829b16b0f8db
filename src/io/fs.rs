//! File-system helpers shared by outputs, the ledger and the policy loader:
//! directories, absolute and relative paths.

use std::fs::File;
use std::path::{Component, Path, PathBuf};

use anyhow::bail;

/// The directory `path` would be written in must exist and be a directory.
pub fn require_dir(path: &Path) -> anyhow::Result<()> {
    let dir = parent_dir(path);
    match std::fs::metadata(&dir) {
        Ok(meta) if meta.is_dir() => Ok(()),
        Ok(_) => bail!("{} is not a directory", dir.display()),
        Err(_) => bail!("directory {} does not exist", dir.display()),
    }
}

/// The directory a path is in (`.` for a bare file name).
pub fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

pub fn sync_dir(path: &Path) {
    if let Ok(dir) = File::open(parent_dir(path)) {
        let _ = dir.sync_all();
    }
}

/// `path` relative to directory `base`, both made absolute first. Used for
/// manifest paths, so a manifest can move together with its files.
pub fn relative_to(path: &Path, base: &Path) -> PathBuf {
    let (Some(path), Some(base)) = (absolute(path), absolute(base)) else {
        return path.to_path_buf();
    };
    let path_parts: Vec<Component> = path.components().collect();
    let base_parts: Vec<Component> = base.components().collect();
    let common = path_parts
        .iter()
        .zip(&base_parts)
        .take_while(|(a, b)| a == b)
        .count();
    if common == 0 {
        return path;
    }
    let mut out = PathBuf::new();
    for _ in common..base_parts.len() {
        out.push("..");
    }
    for part in &path_parts[common..] {
        out.push(part);
    }
    if out.as_os_str().is_empty() {
        out.push(".");
    }
    out
}

/// An absolute, normalised path: the directory part canonicalised (it
/// exists), the file name kept (it may not exist yet).
pub fn absolute(path: &Path) -> Option<PathBuf> {
    if let Ok(p) = path.canonicalize() {
        return Some(p);
    }
    let dir = parent_dir(path).canonicalize().ok()?;
    Some(dir.join(path.file_name()?))
}

/// Whether two paths name the same file: the same absolute path once
/// symbolic links are resolved, or (both existing) the same device and
/// inode, as a hard link or a bind mount would make them.
pub fn same_file(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt as _;
    if let (Some(x), Some(y)) = (absolute(a), absolute(b))
        && x == y
    {
        return true;
    }
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        (Ok(x), Ok(y)) => x.dev() == y.dev() && x.ino() == y.ino(),
        _ => false,
    }
}

/// Whether `path` is (or names the same file as) standard input, output
/// or error: `/dev/stdout`, `/dev/fd/1`, or a file the shell redirected a
/// stream to.
pub fn is_standard_stream(path: &Path) -> bool {
    use std::os::fd::AsFd as _;
    use std::os::unix::fs::MetadataExt as _;
    let Ok(meta) = std::fs::metadata(path) else {
        return false;
    };
    let streams = [
        std::io::stdin().as_fd().try_clone_to_owned(),
        std::io::stdout().as_fd().try_clone_to_owned(),
        std::io::stderr().as_fd().try_clone_to_owned(),
    ];
    streams.into_iter().flatten().any(|fd| {
        File::from(fd)
            .metadata()
            .is_ok_and(|m| m.dev() == meta.dev() && m.ino() == meta.ino())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_between_directories() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir(root.join("out")).unwrap();
        assert_eq!(
            relative_to(&root.join("out/x.csv"), &root.join("out")),
            PathBuf::from("x.csv")
        );
        assert_eq!(
            relative_to(&root.join("in.csv"), &root.join("out")),
            PathBuf::from("../in.csv")
        );
    }

    #[test]
    fn same_file_by_path_and_by_inode() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(root.join("a"), "x").unwrap();
        std::fs::hard_link(root.join("a"), root.join("b")).unwrap();
        std::fs::create_dir(root.join("sub")).unwrap();
        assert!(same_file(&root.join("a"), &root.join("b")));
        assert!(same_file(&root.join("new"), &root.join("sub/../new")));
        assert!(!same_file(&root.join("a"), &root.join("new")));
    }
}
