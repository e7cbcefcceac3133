// s3_client_tool: S3Client (plugins/s3/s3_client.h) behind a command line, so
// tests/integration/test_s3_client.py can drive it against a local S3 server (s3rver) and check
// the results with boto3. Credentials come from ResolveAwsCredentials (environment / shared file).
//
//   s3_client_tool [--endpoint URL] [--region R] [--path-style] [--retries N] [--backoff-ms MS] CMD
//   CMD: head BUCKET
//        put BUCKET KEY FILE [CONTENT_TYPE]        prints the ETag
//        multipart BUCKET KEY FILE PART_SIZE      prints the ETag (parts of PART_SIZE bytes)
//        abort BUCKET KEY FILE PART_SIZE          uploads the parts, aborts; prints the UploadId
//        list BUCKET [PREFIX]                     prints "KEY<TAB>SIZE" per object, fetched in
//                                                 pages of 2 keys to exercise continuation
//        get BUCKET KEY FILE                      writes the object to FILE
// Exit status 0 on success, 1 with the error message on stderr, 2 for bad usage.
#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include "aws_credentials.h"
#include "s3_client.h"

namespace {

using connectd::s3::S3Client;

int Usage() {
  std::cerr << "usage: s3_client_tool [--endpoint URL] [--region R] [--path-style] [--retries N] "
               "[--backoff-ms MS] head|put|multipart|abort|list|get ARGS...\n";
  return 2;
}

std::string ReadFile(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) throw std::runtime_error("cannot read " + path);
  return std::string(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
}

// Uploads `bytes` in parts of `part_size`; returns the completed parts of upload `upload_id`.
std::vector<connectd::s3::CompletedPart> UploadParts(S3Client& client, const std::string& bucket,
                                                     const std::string& key,
                                                     const std::string& upload_id,
                                                     const std::string& bytes, size_t part_size) {
  std::vector<connectd::s3::CompletedPart> parts;
  for (size_t offset = 0; offset < bytes.size() || parts.empty(); offset += part_size) {
    int number = static_cast<int>(parts.size()) + 1;
    std::string_view part = std::string_view(bytes).substr(offset, part_size);
    parts.push_back({number, client.UploadPart(bucket, key, upload_id, number, part)});
    if (bytes.empty()) break;
  }
  return parts;
}

int Run(const std::vector<std::string>& args) {
  connectd::s3::S3ClientConfig config;
  size_t i = 0;
  for (; i < args.size() && args[i].rfind("--", 0) == 0; ++i) {
    if (args[i] == "--path-style") {
      config.path_style_access = true;
      continue;
    }
    if (i + 1 >= args.size()) return Usage();
    const std::string& value = args[++i];
    if (args[i - 1] == "--endpoint") config.endpoint = value;
    else if (args[i - 1] == "--region") config.region = value;
    else if (args[i - 1] == "--retries") config.part_retries = std::stoi(value);
    else if (args[i - 1] == "--backoff-ms") config.retry_backoff = std::chrono::milliseconds(std::stol(value));
    else return Usage();
  }
  std::vector<std::string> cmd(args.begin() + static_cast<long>(i), args.end());
  if (cmd.size() < 2) return Usage();
  config.credentials = connectd::s3::ResolveAwsCredentials("", "");
  S3Client client(config);
  const std::string& bucket = cmd[1];
  if (cmd[0] == "head" && cmd.size() == 2) {
    client.HeadBucket(bucket);
  } else if (cmd[0] == "put" && (cmd.size() == 4 || cmd.size() == 5)) {
    std::cout << client.PutObject(bucket, cmd[2], ReadFile(cmd[3]),
                                  cmd.size() == 5 ? cmd[4] : "application/octet-stream")
              << "\n";
  } else if ((cmd[0] == "multipart" || cmd[0] == "abort") && cmd.size() == 5) {
    std::string bytes = ReadFile(cmd[3]);
    size_t part_size = std::stoul(cmd[4]);
    std::string upload_id = client.CreateMultipartUpload(bucket, cmd[2], "application/octet-stream");
    auto parts = UploadParts(client, bucket, cmd[2], upload_id, bytes, part_size);
    if (cmd[0] == "abort") {
      client.AbortMultipartUpload(bucket, cmd[2], upload_id);
      std::cout << upload_id << "\n";
    } else {
      std::cout << client.CompleteMultipartUpload(bucket, cmd[2], upload_id, parts) << "\n";
    }
  } else if (cmd[0] == "list" && (cmd.size() == 2 || cmd.size() == 3)) {
    std::string token;
    do {
      auto page = client.ListObjectsV2(bucket, cmd.size() == 3 ? cmd[2] : "", token, 2);
      for (const auto& object : page.objects) std::cout << object.key << "\t" << object.size << "\n";
      token = page.next_continuation_token;
    } while (!token.empty());
  } else if (cmd[0] == "get" && cmd.size() == 4) {
    std::ofstream out(cmd[3], std::ios::binary);
    out << client.GetObject(bucket, cmd[2]);
    if (!out.flush()) throw std::runtime_error("cannot write " + cmd[3]);
  } else {
    return Usage();
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return Run(std::vector<std::string>(argv + 1, argv + argc));
  } catch (const std::exception& e) {
    std::cerr << e.what() << "\n";
    return 1;
  }
}
