// Finds the AWS credentials the S3 sink signs with, in the order Confluent's S3 sink (through the
// AWS SDK's default provider chain) looks for them, so a worker that works with the JVM connector
// works unchanged:
//   1. the connector config: aws.access.key.id + aws.secret.access.key (both or neither);
//   2. the environment: AWS_ACCESS_KEY_ID (or AWS_ACCESS_KEY) + AWS_SECRET_ACCESS_KEY (or
//      AWS_SECRET_KEY), with AWS_SESSION_TOKEN when set;
//   3. the shared credentials file: AWS_SHARED_CREDENTIALS_FILE (or the AWS SDK for Java's
//      AWS_CREDENTIAL_PROFILES_FILE), else $HOME/.aws/credentials; profile AWS_PROFILE, else
//      "default"; INI keys aws_access_key_id, aws_secret_access_key, aws_session_token.
// Container and EC2 instance-metadata credentials are not looked up (no HTTP to 169.254.169.254).
//
// Errors throw sdk::ConnectException whose message lists every source tried and what to set.
// Pure apart from reading the environment (through the injected lookup) and the credentials
// file, so any thread may call.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "sigv4_signer.h"

namespace connectd {
namespace s3 {

// Returns an environment variable's value, or nullopt when it is unset. Injected so tests can
// resolve against a fake environment.
using EnvironmentLookup = std::function<std::optional<std::string>(const std::string& name)>;

// The real process environment (getenv). Unset and empty variables are both nullopt.
std::optional<std::string> ProcessEnvironment(const std::string& name);

// Resolves credentials as described above. `config_access_key_id` / `config_secret_access_key`
// are the values of aws.access.key.id / aws.secret.access.key ("" when not configured).
AwsCredentials ResolveAwsCredentials(const std::string& config_access_key_id,
                                     const std::string& config_secret_access_key,
                                     const EnvironmentLookup& environment = ProcessEnvironment);

// Reads `profile` from the text of a shared credentials file (INI: "[profile]" sections,
// "key = value" lines, '#' and ';' comments). Returns nullopt when the profile is absent; throws
// sdk::ConnectException naming `file_name` and the profile when it lacks a key id or secret.
std::optional<AwsCredentials> ParseSharedCredentialsProfile(std::string_view file_text,
                                                            const std::string& profile,
                                                            const std::string& file_name);

}  // namespace s3
}  // namespace connectd
