#include "aws_credentials.h"

#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>

#include "connectd/sdk.hpp"

namespace connectd {
namespace s3 {
namespace {

std::string_view Trim(std::string_view text) {
  const char* kSpace = " \t\r\n";
  size_t begin = text.find_first_not_of(kSpace);
  if (begin == std::string_view::npos) return {};
  size_t end = text.find_last_not_of(kSpace);
  return text.substr(begin, end - begin + 1);
}

// The first of `names` that is set in the environment.
std::optional<std::string> FirstSet(const EnvironmentLookup& environment,
                                    std::initializer_list<const char*> names) {
  for (const char* name : names) {
    if (auto value = environment(name)) return value;
  }
  return std::nullopt;
}

std::optional<AwsCredentials> FromEnvironment(const EnvironmentLookup& environment) {
  auto key_id = FirstSet(environment, {"AWS_ACCESS_KEY_ID", "AWS_ACCESS_KEY"});
  auto secret = FirstSet(environment, {"AWS_SECRET_ACCESS_KEY", "AWS_SECRET_KEY"});
  if (!key_id && !secret) return std::nullopt;
  if (!key_id || !secret) {
    throw sdk::ConnectException(
        std::string("AWS credentials in the environment are incomplete: ") +
        (key_id ? "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not"
                : "AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not") +
        "; set both, or unset both to use the shared credentials file");
  }
  return AwsCredentials{*key_id, *secret, environment("AWS_SESSION_TOKEN").value_or("")};
}

// Where the shared credentials file is, or "" when neither a variable nor HOME says.
std::string SharedCredentialsPath(const EnvironmentLookup& environment) {
  if (auto path = FirstSet(environment, {"AWS_SHARED_CREDENTIALS_FILE", "AWS_CREDENTIAL_PROFILES_FILE"})) {
    return *path;
  }
  if (auto home = environment("HOME")) return *home + "/.aws/credentials";
  return "";
}

}  // namespace

std::optional<std::string> ProcessEnvironment(const std::string& name) {
  const char* value = std::getenv(name.c_str());
  if (value == nullptr || *value == '\0') return std::nullopt;
  return std::string(value);
}

std::optional<AwsCredentials> ParseSharedCredentialsProfile(std::string_view file_text,
                                                            const std::string& profile,
                                                            const std::string& file_name) {
  bool in_profile = false;
  bool found = false;
  std::map<std::string, std::string> values;
  std::istringstream lines{std::string(file_text)};
  std::string raw_line;
  while (std::getline(lines, raw_line)) {
    std::string_view line = Trim(raw_line);
    if (line.empty() || line.front() == '#' || line.front() == ';') continue;
    if (line.front() == '[') {
      size_t close = line.find(']');
      std::string_view section = Trim(line.substr(1, close == std::string_view::npos ? line.size() - 1 : close - 1));
      in_profile = section == profile;
      found = found || in_profile;
      continue;
    }
    size_t equals = line.find('=');
    if (!in_profile || equals == std::string_view::npos) continue;
    values[std::string(Trim(line.substr(0, equals)))] = std::string(Trim(line.substr(equals + 1)));
  }
  if (!found) return std::nullopt;
  AwsCredentials credentials{values["aws_access_key_id"], values["aws_secret_access_key"],
                             values["aws_session_token"]};
  // Older tools wrote the session token under this name; the AWS SDKs still read it.
  if (credentials.session_token.empty()) credentials.session_token = values["aws_security_token"];
  if (credentials.access_key_id.empty() || credentials.secret_access_key.empty()) {
    throw sdk::ConnectException("AWS shared credentials file " + file_name + ", profile [" +
                                profile + "]: " +
                                (credentials.access_key_id.empty() ? "aws_access_key_id"
                                                                   : "aws_secret_access_key") +
                                " is missing or empty; add it to that profile");
  }
  return credentials;
}

AwsCredentials ResolveAwsCredentials(const std::string& config_access_key_id,
                                     const std::string& config_secret_access_key,
                                     const EnvironmentLookup& environment) {
  if (!config_access_key_id.empty() && !config_secret_access_key.empty()) {
    return AwsCredentials{config_access_key_id, config_secret_access_key, ""};
  }
  if (!config_access_key_id.empty() || !config_secret_access_key.empty()) {
    throw sdk::ConnectException(
        std::string(config_access_key_id.empty() ? "aws.secret.access.key is set but aws.access.key.id is empty"
                                                 : "aws.access.key.id is set but aws.secret.access.key is empty") +
        "; set both, or neither to use the environment or the shared credentials file");
  }
  if (auto from_environment = FromEnvironment(environment)) return *from_environment;

  std::string profile = environment("AWS_PROFILE").value_or("default");
  std::string path = SharedCredentialsPath(environment);
  std::string file_outcome;
  if (path.empty()) {
    file_outcome = "no shared credentials file (HOME and AWS_SHARED_CREDENTIALS_FILE are unset)";
  } else {
    std::ifstream file(path, std::ios::binary);
    if (!file) {
      file_outcome = "no readable shared credentials file at " + path;
    } else {
      std::ostringstream text;
      text << file.rdbuf();
      if (auto from_file = ParseSharedCredentialsProfile(text.str(), profile, path)) return *from_file;
      file_outcome = "no profile [" + profile + "] in " + path;
    }
  }
  throw sdk::ConnectException(
      "No AWS credentials found: aws.access.key.id/aws.secret.access.key are not set, "
      "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY are not in the environment, and there is " +
      file_outcome + " (profile from AWS_PROFILE, else \"default\"). Set aws.access.key.id and "
      "aws.secret.access.key in the connector config, or provide one of the others");
}

}  // namespace s3
}  // namespace connectd
