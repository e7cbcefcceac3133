#include "storage/durable_file.h"

#include <cerrno>
#include <cstdio>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace connectd {

Status ReplaceFileDurably(const std::string& path, const std::string& what, const std::string& content,
                          mode_t mode) {
  std::string tmp = path + ".tmp";
  auto fail = [&](const std::string& what, int err) {
    ::unlink(tmp.c_str());
    return Status::IOError("cannot write " + what + " (" + what + "): " + std::strerror(err) +
                           "; check that its directory exists and is writable and the disk is not full");
  };
  // A stale temporary file from a crash, possibly with wider permissions, is not reused.
  if (::unlink(tmp.c_str()) != 0 && errno != ENOENT) return fail("removing " + tmp, errno);
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) {
    int err = errno;
    return Status::IOError("cannot write " + what + " (creating " + tmp + "): " + std::strerror(err) +
                           "; check that its directory exists and is writable");
  }
  // The umask may have removed bits; the file gets exactly `mode`.
  if (fchmod(fd, mode) != 0) {
    int err = errno;
    ::close(fd);
    return fail("setting the permissions of " + tmp, err);
  }
  size_t written = 0;
  while (written < content.size()) {
    ssize_t n = ::write(fd, content.data() + written, content.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      ::close(fd);
      return fail("writing " + tmp, err);
    }
    written += static_cast<size_t>(n);
  }
  if (fsync(fd) != 0) {
    int err = errno;
    ::close(fd);
    return fail("syncing " + tmp, err);
  }
  if (::close(fd) != 0) return fail("closing " + tmp, errno);
  if (std::rename(tmp.c_str(), path.c_str()) != 0) return fail("renaming " + tmp, errno);
  std::string dir = path.find('/') == std::string::npos ? "." : path.substr(0, path.rfind('/') + 1);
  int dir_fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd < 0) {
    return Status::IOError("cannot sync the directory " + dir + " of " + what + ": " +
                           std::strerror(errno) + "; the change may not survive a power loss");
  }
  int sync_rc = fsync(dir_fd);
  int err = errno;
  ::close(dir_fd);
  if (sync_rc != 0) {
    return Status::IOError("cannot sync the directory " + dir + " of " + what + ": " +
                           std::strerror(err) + "; the change may not survive a power loss");
  }
  return Status::OK();
}

}  // namespace connectd
