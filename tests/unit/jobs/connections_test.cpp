// Connections and secrets: passwords from a variable or a file, secrets by name from
// the environment or a secrets file outside the lake, and messages that name where a
// secret was looked for but never print it.

#include "jobs/connections.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "core/error.h"
#include "jobs/postgres_session.h"

namespace sluice::jobs {
namespace {

namespace fs = std::filesystem;

constexpr char kPassword[] = "hunter2-Sup3r$ecret";

bool Contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

template <typename E, typename Fn>
std::string ErrorOf(Fn fn) {
  try {
    fn();
  } catch (const E& e) {
    return e.what();
  }
  return "";
}

/// A temporary folder (removed at the end) and the variables a test sets (unset).
class ConnectionsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("sluice-connections-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "lake");
    saved_secrets_file_ = std::getenv("SLUICE_SECRETS_FILE") != nullptr
                              ? std::optional<std::string>(std::getenv("SLUICE_SECRETS_FILE"))
                              : std::nullopt;
    ::unsetenv("SLUICE_SECRETS_FILE");
  }
  void TearDown() override {
    for (const std::string& name : variables_) ::unsetenv(name.c_str());
    if (saved_secrets_file_) ::setenv("SLUICE_SECRETS_FILE", saved_secrets_file_->c_str(), 1);
    fs::remove_all(dir_);
  }
  void SetVariable(const std::string& name, const std::string& value) {
    ::setenv(name.c_str(), value.c_str(), 1);
    variables_.push_back(name);
  }
  std::string WriteFile(const std::string& name, const std::string& text) {
    fs::path path = dir_ / name;
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << text;
    return path.string();
  }
  std::string lake() const { return (dir_ / "lake").string(); }

  fs::path dir_;
  std::vector<std::string> variables_;
  std::optional<std::string> saved_secrets_file_;
};

TEST_F(ConnectionsTest, PasswordFromTheEnvironment) {
  ConnectionConfig connection{"warehouse", "postgresql://etl@db.internal:5432/analytics", "SLUICE_TEST_WH_PASSWORD", ""};
  SetVariable("SLUICE_TEST_WH_PASSWORD", kPassword);
  EXPECT_EQ(ConnectionPassword(connection), std::optional<std::string>(kPassword));

  ::unsetenv("SLUICE_TEST_WH_PASSWORD");
  std::string message = ErrorOf<InvalidArgumentError>([&] { ConnectionPassword(connection); });
  EXPECT_TRUE(Contains(message, "connection 'warehouse'")) << message;
  EXPECT_TRUE(Contains(message, "SLUICE_TEST_WH_PASSWORD")) << message;
  EXPECT_TRUE(Contains(message, "is not set")) << message;

  SetVariable("SLUICE_TEST_WH_PASSWORD", "");
  message = ErrorOf<InvalidArgumentError>([&] { ConnectionPassword(connection); });
  EXPECT_TRUE(Contains(message, "empty")) << message;
}

TEST_F(ConnectionsTest, PasswordFromAFile) {
  ConnectionConfig connection{"reports", "postgresql://etl@reports/r", "", WriteFile("pw", std::string(kPassword) + "\n")};
  EXPECT_EQ(ConnectionPassword(connection), std::optional<std::string>(kPassword));
  connection.password_file = WriteFile("pw-crlf", std::string(kPassword) + "\r\nsecond line ignored\n");
  EXPECT_EQ(ConnectionPassword(connection), std::optional<std::string>(kPassword));
  connection.password_file = WriteFile("pw-bare", kPassword);
  EXPECT_EQ(ConnectionPassword(connection), std::optional<std::string>(kPassword));

  connection.password_file = (dir_ / "missing").string();
  std::string message = ErrorOf<InvalidArgumentError>([&] { ConnectionPassword(connection); });
  EXPECT_TRUE(Contains(message, "connection 'reports'")) << message;
  EXPECT_TRUE(Contains(message, connection.password_file)) << message;
  EXPECT_TRUE(Contains(message, "cannot be read")) << message;

  connection.password_file = WriteFile("pw-empty", "\n");
  message = ErrorOf<InvalidArgumentError>([&] { ConnectionPassword(connection); });
  EXPECT_TRUE(Contains(message, "is empty")) << message;

  // Neither: libpq's PGPASSWORD / ~/.pgpass apply.
  EXPECT_EQ(ConnectionPassword(ConnectionConfig{"plain", "postgresql://localhost/db", "", ""}), std::nullopt);
}

TEST_F(ConnectionsTest, DescribeNamesTheServerOnly) {
  EXPECT_EQ(DescribeConnection(ConnectionConfig{"w", "postgresql://etl@db.internal:5432/analytics", "X", ""}),
            "postgresql://etl@db.internal:5432/analytics");
  EXPECT_EQ(DescribeConnection(ConnectionConfig{"r", "host=reports port=5433 dbname=r user=etl", "", ""}),
            "postgresql://etl@reports:5433/r");
  // Even a url that (wrongly) holds one does not show its password.
  std::string described =
      DescribeConnection(ConnectionConfig{"bad", std::string("postgresql://etl:") + kPassword + "@db/a", "", ""});
  EXPECT_FALSE(Contains(described, kPassword)) << described;
}

/// A connection that fails (nothing listens on port 1) names the server, never the
/// password it was given; a url holding a password is refused without repeating it.
TEST_F(ConnectionsTest, ConnectingNeverPrintsThePassword) {
  SetVariable("SLUICE_TEST_WH_PASSWORD", kPassword);
  ConnectionConfig connection{"warehouse", "postgresql://etl@127.0.0.1:1/analytics", "SLUICE_TEST_WH_PASSWORD", ""};
  std::string message = ErrorOf<IOError>([&] { PostgresSession::Connect(connection); });
  EXPECT_TRUE(Contains(message, "connection 'warehouse' (postgresql://etl@127.0.0.1:1/analytics)")) << message;
  EXPECT_FALSE(Contains(message, kPassword)) << message;

  connection.url = std::string("postgresql://etl:") + kPassword + "@127.0.0.1:1/analytics";
  message = ErrorOf<InvalidArgumentError>([&] { PostgresSession::Connect(connection); });
  EXPECT_TRUE(Contains(message, "must not hold a password")) << message;
  EXPECT_FALSE(Contains(message, kPassword)) << message;
  connection.url = std::string("host=127.0.0.1 port=1 password=") + kPassword;
  message = ErrorOf<InvalidArgumentError>([&] { PostgresSession::Connect(connection); });
  EXPECT_TRUE(Contains(message, "must not hold a password")) << message;
  EXPECT_FALSE(Contains(message, kPassword)) << message;
}

TEST_F(ConnectionsTest, SecretsFromTheEnvironmentFirst) {
  SetVariable("SLUICE_TEST_PII_KEY", kPassword);
  std::string file = WriteFile("secrets", "SLUICE_TEST_PII_KEY=from-the-file\n");
  EXPECT_EQ(ReadSecret("SLUICE_TEST_PII_KEY", file, lake()), kPassword);
}

TEST_F(ConnectionsTest, SecretsFromTheFile) {
  std::string file = WriteFile("etc/secrets",
                               "# keys of the pii steps\n"
                               "\n"
                               "pii_key = " + std::string(kPassword) + "  \n"
                               "quoted=\"  with spaces  \"\n"
                               "single='x=y'\n"
                               "empty=\n"
                               "twice=first\n"
                               "twice=second\r\n");
  EXPECT_EQ(ReadSecret("pii_key", file, lake()), kPassword);
  EXPECT_EQ(ReadSecret("quoted", file, lake()), "  with spaces  ");
  EXPECT_EQ(ReadSecret("single", file, lake()), "x=y");
  EXPECT_EQ(ReadSecret("empty", file, lake()), "");
  EXPECT_EQ(ReadSecret("twice", file, lake()), "second");

  // $SLUICE_SECRETS_FILE wins over sluice.yaml's secrets_file.
  std::string other = WriteFile("other", "pii_key=from-the-variable\n");
  SetVariable("SLUICE_SECRETS_FILE", other);
  EXPECT_EQ(ReadSecret("pii_key", file, lake()), "from-the-variable");
  EXPECT_EQ(ReadSecret("pii_key", "", lake()), "from-the-variable");
}

TEST_F(ConnectionsTest, MissingSecretsSayWhereTheyWereLookedFor) {
  std::string message = ErrorOf<InvalidArgumentError>([&] { ReadSecret("pii_key", "", lake()); });
  EXPECT_TRUE(Contains(message, "secret 'pii_key' is not set")) << message;
  EXPECT_TRUE(Contains(message, "no environment variable pii_key")) << message;
  EXPECT_TRUE(Contains(message, "SLUICE_SECRETS_FILE")) << message;

  std::string file = WriteFile("secrets", "other=" + std::string(kPassword) + "\n");
  message = ErrorOf<InvalidArgumentError>([&] { ReadSecret("pii_key", file, lake()); });
  EXPECT_TRUE(Contains(message, "no line pii_key=")) << message;
  EXPECT_TRUE(Contains(message, file)) << message;
  EXPECT_TRUE(Contains(message, "secrets_file in sluice.yaml")) << message;
  EXPECT_FALSE(Contains(message, kPassword)) << message;

  message = ErrorOf<InvalidArgumentError>([&] { ReadSecret("pii_key", (dir_ / "nope").string(), lake()); });
  EXPECT_TRUE(Contains(message, "cannot be read")) << message;

  // A malformed line is named by number, not shown (it may be a secret).
  file = WriteFile("broken", "# ok\n" + std::string(kPassword) + "\n");
  message = ErrorOf<InvalidArgumentError>([&] { ReadSecret("pii_key", file, lake()); });
  EXPECT_TRUE(Contains(message, file + ":2: expected NAME=VALUE")) << message;
  EXPECT_FALSE(Contains(message, kPassword)) << message;
}

TEST_F(ConnectionsTest, SecretsFilesInsideTheLakeAreRefused) {
  std::string inside = WriteFile("lake/.sluice/secrets", "pii_key=x\n");
  std::string message = ErrorOf<InvalidArgumentError>([&] { ReadSecret("pii_key", inside, lake()); });
  EXPECT_TRUE(Contains(message, "is inside the lake")) << message;
  EXPECT_TRUE(Contains(message, inside)) << message;

  // Also through a link that points into the lake, and through $SLUICE_SECRETS_FILE.
  fs::create_symlink(dir_ / "lake" / ".sluice", dir_ / "link");
  message = ErrorOf<InvalidArgumentError>([&] { ReadSecret("pii_key", (dir_ / "link" / "secrets").string(), lake()); });
  EXPECT_TRUE(Contains(message, "is inside the lake")) << message;
  SetVariable("SLUICE_SECRETS_FILE", inside);
  message = ErrorOf<InvalidArgumentError>([&] { ReadSecret("pii_key", "", lake()); });
  EXPECT_TRUE(Contains(message, "(SLUICE_SECRETS_FILE) is inside the lake")) << message;
}

}  // namespace
}  // namespace sluice::jobs
