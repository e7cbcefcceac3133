// S3Client against a scripted HTTP server in this process (what is sent, retries, error
// messages, keep-alive), plus S3 error parsing, retry classification, addressing and the AWS
// credentials chain.
#include <doctest/doctest.h>

#include <cstdio>
#include <deque>
#include <fstream>
#include <map>
#include <mutex>

#include "aws_credentials.h"
#include "s3_client.h"
#include "scripted_s3_server.h"
#include "thrown_message.h"

namespace connectd {
namespace s3 {
namespace {

using testing::ConfigFor;
using testing::ErrorXml;
using testing::ScriptedResponse;
using testing::ScriptedS3Server;
using connectd::testing::ThrownMessage;

EnvironmentLookup FakeEnvironment(std::map<std::string, std::string> variables) {
  return [variables](const std::string& name) -> std::optional<std::string> {
    auto found = variables.find(name);
    if (found == variables.end()) return std::nullopt;
    return found->second;
  };
}

std::string WriteTempFile(const std::string& text) {
  char path[] = "/tmp/connectd-s3-credentials-XXXXXX";
  int fd = mkstemp(path);
  REQUIRE(fd >= 0);
  FILE* file = fdopen(fd, "w");
  fputs(text.c_str(), file);
  fclose(file);
  return path;
}

}  // namespace

TEST_CASE("ParseS3ErrorBody reads Code, Message and RequestId") {
  S3ErrorDetails details = ParseS3ErrorBody(
      403, ErrorXml("InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist"));
  CHECK(details.http_status == 403);
  CHECK(details.code == "InvalidAccessKeyId");
  CHECK(details.message == "The AWS Access Key Id you provided does not exist");
  CHECK(details.request_id == "4442587FB7D0A2F9");

  S3ErrorDetails namespaced = ParseS3ErrorBody(
      200, "<Error xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Code>InternalError</Code>"
           "<Message>We encountered an internal error. Please try again.</Message></Error>");
  CHECK(namespaced.code == "InternalError");
  CHECK(namespaced.request_id == "");

  CHECK(ParseS3ErrorBody(502, "<html><body>Bad gateway</body>").code == "");
  CHECK(ParseS3ErrorBody(502, "<html><body>Bad gateway</body></html>").code == "");
  CHECK(ParseS3ErrorBody(500, "").code == "");
  CHECK(ParseS3ErrorBody(200, "<CompleteMultipartUploadResult><ETag>x</ETag>"
                              "</CompleteMultipartUploadResult>").code == "");
}

TEST_CASE("IsRetriableS3Failure retries server, throttling and connection failures only") {
  CHECK(IsRetriableS3Failure(0, ""));
  CHECK(IsRetriableS3Failure(500, "InternalError"));
  CHECK(IsRetriableS3Failure(502, ""));
  CHECK(IsRetriableS3Failure(503, "SlowDown"));
  CHECK(IsRetriableS3Failure(429, ""));
  CHECK(IsRetriableS3Failure(400, "RequestTimeout"));
  CHECK(IsRetriableS3Failure(200, "InternalError"));
  CHECK_FALSE(IsRetriableS3Failure(403, "InvalidAccessKeyId"));
  CHECK_FALSE(IsRetriableS3Failure(404, "NoSuchBucket"));
  CHECK_FALSE(IsRetriableS3Failure(400, "InvalidPart"));
  CHECK_FALSE(IsRetriableS3Failure(405, "MethodNotAllowed"));
}

TEST_CASE("ResolveS3Target addresses buckets like the AWS SDK for Java") {
  S3RequestTarget aws = ResolveS3Target("", "eu-west-1", false, "my-bucket", "topics/a b/é.json");
  CHECK(aws.scheme == "https");
  CHECK(aws.host == "my-bucket.s3.eu-west-1.amazonaws.com");
  CHECK(aws.port == 443);
  CHECK(aws.host_header == "my-bucket.s3.eu-west-1.amazonaws.com");
  CHECK(aws.raw_path == "/topics/a b/é.json");
  CHECK(ResolveS3Target("", "eu-west-1", false, "my-bucket", "").raw_path == "/");

  S3RequestTarget path = ResolveS3Target("http://minio:9000/", "us-east-1", true, "my-bucket", "k");
  CHECK(path.host == "minio");
  CHECK(path.port == 9000);
  CHECK(path.host_header == "minio:9000");
  CHECK(path.raw_path == "/my-bucket/k");
  CHECK(ResolveS3Target("http://minio:9000", "us-east-1", true, "my-bucket", "").raw_path ==
        "/my-bucket");

  CHECK(ResolveS3Target("http://127.0.0.1:4569", "us-east-1", false, "b1b", "k").raw_path == "/b1b/k");
  CHECK(ResolveS3Target("https://s3.example.com:8443", "x", false, "Upper_Case", "k").host ==
        "s3.example.com");
  CHECK(ResolveS3Target("https://s3.example.com:8443", "x", false, "lower", "k").host_header ==
        "lower.s3.example.com:8443");

  CHECK(ThrownMessage([] { ResolveS3Target("ftp://x", "r", false, "b", "k"); }) ==
        "store.url \"ftp://x\" must be http[s]://host[:port] (no path or query)");
  CHECK(ThrownMessage([] { ResolveS3Target("http://x/base", "r", false, "b", "k"); }) ==
        "store.url \"http://x/base\" must be http[s]://host[:port] (no path or query)");
}

TEST_CASE("PutObject sends a signed PUT over one kept-alive connection") {
  ScriptedS3Server server;
  server.Script({{200, "", {{"ETag", "\"etag-1\""}}}, {200, "", {{"ETag", "\"etag-2\""}}}});
  S3Client client(ConfigFor(server));
  CHECK(client.PutObject("bkt", "dir/a b/é.json", "hello", "application/json") == "\"etag-1\"");
  CHECK(client.PutObject("bkt", "second", "", "text/plain") == "\"etag-2\"");
  auto received = server.received();
  REQUIRE(received.size() == 2);
  CHECK(received[0].method == "PUT");
  CHECK(received[0].uri == "/bkt/dir/a%20b/%C3%A9.json");
  CHECK(received[0].body == "hello");
  CHECK(received[0].headers["content-type"] == "application/json");
  CHECK(received[0].headers["host"] == server.endpoint().substr(7));
  CHECK(received[0].headers["x-amz-content-sha256"] ==
        "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
  CHECK(received[0].headers["authorization"].rfind(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/", 0) == 0);
  CHECK(received[1].headers["content-length"] == "0");
  CHECK(received[1].headers["x-amz-content-sha256"] == kEmptyPayloadSha256);
  CHECK(received[0].client_port == received[1].client_port);
}

TEST_CASE("Retriable failures are retried with backoff, then succeed") {
  ScriptedS3Server server;
  server.Script({{503, ErrorXml("SlowDown", "Please reduce your request rate."), {}},
                 {500, ErrorXml("InternalError", "We encountered an internal error."), {}},
                 {200, "", {{"ETag", "\"ok\""}}}});
  S3Client client(ConfigFor(server));
  CHECK(client.UploadPart("bkt", "k", "up-1", 3, "part") == "\"ok\"");
  auto received = server.received();
  REQUIRE(received.size() == 3);
  CHECK(received[2].uri == "/bkt/k?partNumber=3&uploadId=up-1");
}

TEST_CASE("A 4xx fails at once with the operation, bucket, key, status, code and message") {
  ScriptedS3Server server;
  server.Script({{403, ErrorXml("InvalidAccessKeyId",
                                "The AWS Access Key Id you provided does not exist in our records."),
                  {}}});
  S3Client client(ConfigFor(server));
  try {
    client.PutObject("bkt", "a/b.json", "x", "application/json");
    FAIL("no exception");
  } catch (const S3Error& e) {
    CHECK(std::string(e.what()) ==
          "PUT s3://bkt/a/b.json (PutObject) failed: 403 InvalidAccessKeyId: The AWS Access Key Id "
          "you provided does not exist in our records. (RequestId 4442587FB7D0A2F9); check the AWS "
          "credentials (aws.access.key.id/aws.secret.access.key, "
          "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or ~/.aws/credentials) and their permissions on "
          "the bucket");
    CHECK(e.details().code == "InvalidAccessKeyId");
    CHECK_FALSE(e.transient());
  }
  CHECK(server.received().size() == 1);
}

TEST_CASE("Retries run out after s3.part.retries + 1 attempts and the error is transient") {
  ScriptedS3Server server;
  std::vector<ScriptedResponse> busy(3, {503, ErrorXml("SlowDown", "Please reduce your request rate."), {}});
  server.Script(busy);
  S3ClientConfig config = ConfigFor(server);
  config.part_retries = 2;
  S3Client client(config);
  try {
    client.GetObject("bkt", "k");
    FAIL("no exception");
  } catch (const S3Error& e) {
    CHECK(std::string(e.what()) ==
          "GET s3://bkt/k (GetObject) failed after 3 attempts: 503 SlowDown: Please reduce your "
          "request rate. (RequestId 4442587FB7D0A2F9)");
    CHECK(e.transient());
  }
  CHECK(server.received().size() == 3);
}

TEST_CASE("HeadBucket names a missing bucket although HEAD has no body") {
  ScriptedS3Server server;
  server.Script({{404, "", {}}});
  S3Client client(ConfigFor(server));
  CHECK(ThrownMessage([&] { client.HeadBucket("nope"); }) ==
        "HEAD s3://nope (HeadBucket) failed: 404 NoSuchBucket: The specified bucket does not "
        "exist; create the bucket or correct s3.bucket.name");
}

TEST_CASE("Multipart upload: create, complete (with a 200 that hides an error), abort") {
  ScriptedS3Server server;
  server.Script({
      {200, "<InitiateMultipartUploadResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
            "<Bucket>bkt</Bucket><Key>k</Key><UploadId>UP&amp;1</UploadId>"
            "</InitiateMultipartUploadResult>", {}},
      {200, ErrorXml("InternalError", "We encountered an internal error."), {}},
      {200, "<CompleteMultipartUploadResult><ETag>\"all-2\"</ETag></CompleteMultipartUploadResult>", {}},
      {204, "", {}},
  });
  S3Client client(ConfigFor(server));
  std::string upload_id = client.CreateMultipartUpload("bkt", "k", "application/json");
  CHECK(upload_id == "UP&1");
  CHECK(client.CompleteMultipartUpload("bkt", "k", upload_id, {{1, "\"e1\""}, {2, "\"e2\""}}) ==
        "\"all-2\"");
  client.AbortMultipartUpload("bkt", "k", upload_id);
  auto received = server.received();
  REQUIRE(received.size() == 4);
  CHECK(received[0].method == "POST");
  CHECK(received[0].uri == "/bkt/k?uploads=");
  CHECK(received[2].uri == "/bkt/k?uploadId=UP%261");
  CHECK(received[2].body ==
        "<CompleteMultipartUpload xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Part>"
        "<PartNumber>1</PartNumber><ETag>\"e1\"</ETag></Part><Part><PartNumber>2</PartNumber>"
        "<ETag>\"e2\"</ETag></Part></CompleteMultipartUpload>");
  CHECK(received[3].method == "DELETE");
  CHECK(received[3].uri == "/bkt/k?uploadId=UP%261");
}

TEST_CASE("ListObjectsV2 reads keys, sizes and the continuation token") {
  ScriptedS3Server server;
  server.Script({{200,
                  "<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                  "<IsTruncated>true</IsTruncated><Contents><Key>a &amp; b</Key><Size>12</Size>"
                  "<ETag>\"e\"</ETag></Contents><Contents><Key>c</Key><Size>0</Size></Contents>"
                  "<NextContinuationToken>tok/1=</NextContinuationToken></ListBucketResult>",
                  {}}});
  S3Client client(ConfigFor(server));
  ListObjectsPage page = client.ListObjectsV2("bkt", "topics/t p/", "", 2);
  REQUIRE(page.objects.size() == 2);
  CHECK(page.objects[0].key == "a & b");
  CHECK(page.objects[0].size == 12);
  CHECK(page.objects[0].etag == "\"e\"");
  CHECK(page.objects[1].key == "c");
  CHECK(page.next_continuation_token == "tok/1=");
  CHECK(server.received()[0].uri == "/bkt?list-type=2&max-keys=2&prefix=topics%2Ft%20p%2F");
}

TEST_CASE("A refused connection is retried, then reported naming the endpoint") {
  S3ClientConfig config;
  config.endpoint = "http://127.0.0.1:1";
  config.credentials = AwsCredentials{"AKIDEXAMPLE", "secret", ""};
  config.part_retries = 1;
  config.retry_backoff = std::chrono::milliseconds(1);
  S3Client client(config);
  std::string message = ThrownMessage([&] { client.HeadBucket("bkt"); });
  CHECK(message.rfind("HEAD s3://bkt (HeadBucket) failed after 2 attempts: cannot reach "
                      "http://127.0.0.1:1: ", 0) == 0);
  CHECK(message.find("; check store.url/s3.region and that the store is reachable") !=
        std::string::npos);
}

TEST_CASE("Credentials: the connector config wins, and both keys are needed") {
  auto environment = FakeEnvironment({{"AWS_ACCESS_KEY_ID", "ENVKEY"}, {"AWS_SECRET_ACCESS_KEY", "envsecret"}});
  AwsCredentials credentials = ResolveAwsCredentials("CFGKEY", "cfgsecret", environment);
  CHECK(credentials.access_key_id == "CFGKEY");
  CHECK(credentials.secret_access_key == "cfgsecret");
  CHECK(credentials.session_token == "");
  CHECK(ThrownMessage([&] { ResolveAwsCredentials("CFGKEY", "", environment); }) ==
        "aws.access.key.id is set but aws.secret.access.key is empty; set both, or neither to use "
        "the environment or the shared credentials file");
}

TEST_CASE("Credentials: from the environment, with a session token and Java's alternate names") {
  AwsCredentials credentials = ResolveAwsCredentials(
      "", "", FakeEnvironment({{"AWS_ACCESS_KEY_ID", "ENVKEY"}, {"AWS_SECRET_ACCESS_KEY", "envsecret"},
                               {"AWS_SESSION_TOKEN", "tok"}, {"HOME", "/nonexistent"}}));
  CHECK(credentials.access_key_id == "ENVKEY");
  CHECK(credentials.secret_access_key == "envsecret");
  CHECK(credentials.session_token == "tok");
  AwsCredentials alternate = ResolveAwsCredentials(
      "", "", FakeEnvironment({{"AWS_ACCESS_KEY", "K2"}, {"AWS_SECRET_KEY", "s2"}}));
  CHECK(alternate.access_key_id == "K2");
  CHECK(alternate.secret_access_key == "s2");
  CHECK(ThrownMessage([] {
          ResolveAwsCredentials("", "", FakeEnvironment({{"AWS_ACCESS_KEY_ID", "K"}}));
        }) == "AWS credentials in the environment are incomplete: AWS_ACCESS_KEY_ID is set but "
              "AWS_SECRET_ACCESS_KEY is not; set both, or unset both to use the shared "
              "credentials file");
}

TEST_CASE("Credentials: from the shared credentials file, profile default or AWS_PROFILE") {
  std::string path = WriteTempFile(
      "# written by aws configure\n"
      "[default]\n"
      "aws_access_key_id = DEFKEY\n"
      "aws_secret_access_key=defsecret\n"
      "\n"
      "[ staging ]\n"
      "  aws_access_key_id   =  STGKEY  \n"
      "; a comment\n"
      "aws_secret_access_key = stg/secret+=\n"
      "aws_session_token = stgtoken\n"
      "[broken]\n"
      "aws_access_key_id = ONLYKEY\n");
  AwsCredentials by_default = ResolveAwsCredentials(
      "", "", FakeEnvironment({{"AWS_SHARED_CREDENTIALS_FILE", path}}));
  CHECK(by_default.access_key_id == "DEFKEY");
  CHECK(by_default.secret_access_key == "defsecret");
  AwsCredentials staging = ResolveAwsCredentials(
      "", "", FakeEnvironment({{"AWS_SHARED_CREDENTIALS_FILE", path}, {"AWS_PROFILE", "staging"}}));
  CHECK(staging.access_key_id == "STGKEY");
  CHECK(staging.secret_access_key == "stg/secret+=");
  CHECK(staging.session_token == "stgtoken");
  CHECK(ThrownMessage([&] {
          ResolveAwsCredentials("", "", FakeEnvironment({{"AWS_SHARED_CREDENTIALS_FILE", path},
                                                         {"AWS_PROFILE", "broken"}}));
        }) == "AWS shared credentials file " + path +
                  ", profile [broken]: aws_secret_access_key is missing or empty; add it to that "
                  "profile");
  CHECK(ThrownMessage([&] {
          ResolveAwsCredentials("", "", FakeEnvironment({{"AWS_SHARED_CREDENTIALS_FILE", path},
                                                         {"AWS_PROFILE", "prod"}}));
        }) == "No AWS credentials found: aws.access.key.id/aws.secret.access.key are not set, "
              "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY are not in the environment, and there is "
              "no profile [prod] in " + path +
                  " (profile from AWS_PROFILE, else \"default\"). Set aws.access.key.id and "
                  "aws.secret.access.key in the connector config, or provide one of the others");
  std::remove(path.c_str());
}

TEST_CASE("Credentials: HOME/.aws/credentials, and the error when nothing is found") {
  CHECK(ThrownMessage([] {
          ResolveAwsCredentials("", "", FakeEnvironment({{"HOME", "/nonexistent-home"}}));
        }).find("there is no readable shared credentials file at "
                "/nonexistent-home/.aws/credentials (profile") != std::string::npos);
  CHECK(ThrownMessage([] { ResolveAwsCredentials("", "", FakeEnvironment({})); })
            .find("there is no shared credentials file (HOME and AWS_SHARED_CREDENTIALS_FILE are "
                  "unset)") != std::string::npos);
}

}  // namespace s3
}  // namespace connectd
