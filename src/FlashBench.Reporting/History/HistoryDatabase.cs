using FlashBench.Reporting.Comparison;
using Microsoft.Data.Sqlite;

namespace FlashBench.Reporting.History;

/// <summary>The results history: one SQLite file (default history.db beside the results/ folder) holding every
/// recorded run's per-round medians, keyed by testbed and commit. Adding a run again replaces it.</summary>
public sealed class HistoryDatabase : IDisposable
{
    public const string DefaultFileName = "history.db";

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS runs (
            id INTEGER PRIMARY KEY,
            run_path TEXT NOT NULL UNIQUE,
            run_id TEXT NOT NULL,
            commit_id TEXT NOT NULL,
            dirty INTEGER NOT NULL,
            utc_start TEXT NOT NULL,
            testbed TEXT NOT NULL,
            device TEXT NOT NULL, device_model TEXT NOT NULL, file_system TEXT NOT NULL,
            read_ahead_kb TEXT NOT NULL, kernel TEXT NOT NULL, cpu TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS rounds (
            run INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
            experiment TEXT NOT NULL, family TEXT NOT NULL, measurement TEXT NOT NULL, metric TEXT NOT NULL,
            direction TEXT NOT NULL, kind TEXT NOT NULL, tolerance REAL NOT NULL,
            pass INTEGER NOT NULL, median REAL, reference REAL, samples INTEGER NOT NULL,
            PRIMARY KEY (run, measurement, metric, pass));
        """;

    private readonly SqliteConnection _connection;

    private HistoryDatabase(SqliteConnection connection) => _connection = connection;

    /// <summary>history.db in the parent of the results root that holds <paramref name="runDirectory"/>
    /// (results/&lt;run-id&gt; → ./history.db), or in the current folder when no run is given.</summary>
    public static string DefaultPath(string? runDirectory = null)
    {
        string? resultsRoot = runDirectory is null ? null : Path.GetDirectoryName(Path.GetFullPath(runDirectory).TrimEnd('/'));
        string? parent = resultsRoot is null ? null : Path.GetDirectoryName(resultsRoot);
        return Path.Combine(parent ?? Directory.GetCurrentDirectory(), DefaultFileName);
    }

    /// <summary>Opens the database; with <paramref name="create"/> false a missing file is bad input.</summary>
    public static HistoryDatabase Open(string path, bool create)
    {
        if (!create && !File.Exists(path))
            throw new FileNotFoundException($"no history database at {path} (record runs with `history add` first)", path);
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = create ? SqliteOpenMode.ReadWriteCreate : SqliteOpenMode.ReadOnly,
            Pooling = false,
        };
        var connection = new SqliteConnection(builder.ToString());
        connection.Open();
        var database = new HistoryDatabase(connection);
        database.Execute("PRAGMA foreign_keys = ON;");
        if (create)
            database.Execute(Schema);
        return database;
    }

    /// <summary>Stores the run (replacing an earlier record of the same folder); returns the rounds stored.</summary>
    public int Add(HistoryRun run)
    {
        using var transaction = _connection.BeginTransaction();
        Execute("DELETE FROM runs WHERE run_path = $path", ("$path", Path.GetFullPath(run.Facts.Directory)));
        var facts = run.Facts;
        var testbed = facts.Testbed;
        long id = Convert.ToInt64(Scalar("""
            INSERT INTO runs (run_path, run_id, commit_id, dirty, utc_start, testbed, device, device_model, file_system, read_ahead_kb, kernel, cpu)
            VALUES ($path, $run, $commit, $dirty, $start, $testbed, $device, $model, $fs, $readahead, $kernel, $cpu) RETURNING id
            """,
            ("$path", Path.GetFullPath(facts.Directory)), ("$run", facts.RunId), ("$commit", facts.Commit), ("$dirty", facts.Dirty ? 1 : 0),
            ("$start", facts.UtcStart), ("$testbed", testbed.Key), ("$device", testbed.Device), ("$model", testbed.DeviceModel),
            ("$fs", testbed.FileSystem), ("$readahead", testbed.ReadAheadKb), ("$kernel", testbed.Kernel), ("$cpu", testbed.Cpu)));
        int stored = 0;
        foreach (var measurement in run.Measurements)
        {
            var m = measurement.Measurement;
            foreach (var round in measurement.Rounds)
            {
                Execute("""
                    INSERT INTO rounds (run, experiment, family, measurement, metric, direction, kind, tolerance, pass, median, reference, samples)
                    VALUES ($run, $experiment, $family, $measurement, $metric, $direction, $kind, $tolerance, $pass, $median, $reference, $samples)
                    """,
                    ("$run", id), ("$experiment", m.Experiment), ("$family", m.Family), ("$measurement", m.Name), ("$metric", m.Metric),
                    ("$direction", m.Direction.ToString()), ("$kind", m.Kind.ToString()), ("$tolerance", m.Tolerance), ("$pass", round.Pass),
                    ("$median", round.Median), ("$reference", round.Reference), ("$samples", round.Samples));
                stored++;
            }
        }
        transaction.Commit();
        return stored;
    }

    /// <summary>Every recorded round, oldest run first (by start time, then as added).</summary>
    public IReadOnlyList<HistoryRound> Rounds()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = """
            SELECT r.testbed, r.commit_id, r.utc_start, r.run_id, o.experiment, o.family, o.measurement, o.metric, o.direction, o.kind,
                   o.tolerance, o.pass, o.median
            FROM rounds o JOIN runs r ON r.id = o.run
            WHERE o.median IS NOT NULL
            ORDER BY r.utc_start, r.id, o.pass
            """;
        using var reader = command.ExecuteReader();
        var rounds = new List<HistoryRound>();
        while (reader.Read())
        {
            var measurement = new Measurement(reader.GetString(4), reader.GetString(5), Point(reader.GetString(4), reader.GetString(6)), reader.GetString(7),
                Enum.Parse<MetricDirection>(reader.GetString(8)), Enum.Parse<MetricKind>(reader.GetString(9)), reader.GetDouble(10));
            rounds.Add(new HistoryRound(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), measurement,
                reader.GetInt32(11), reader.GetDouble(12)));
        }
        return rounds;
    }

    public void Dispose() => _connection.Dispose();

    /// <summary>The point part of a stored measurement name ("experiment: point").</summary>
    private static string Point(string experiment, string name) => name.StartsWith(experiment + ": ", StringComparison.Ordinal) ? name[(experiment.Length + 2)..] : name;

    private void Execute(string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(sql, parameters);
        command.ExecuteNonQuery();
    }

    private object? Scalar(string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(sql, parameters);
        return command.ExecuteScalar();
    }

    private SqliteCommand Command(string sql, (string Name, object? Value)[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }
}

/// <summary>One recorded round: testbed, commit, when its run started, and the round's median.</summary>
public sealed record HistoryRound(string Testbed, string Commit, string UtcStart, string RunId, Measurement Measurement, int Pass, double Median);
