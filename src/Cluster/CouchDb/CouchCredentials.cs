namespace Convergence.Cluster.CouchDb;

/// <summary>Basic-auth credentials for a CouchDB server; never printed (ToString redacts the password).</summary>
public sealed class CouchCredentials
{
    /// <summary>Environment variable read by <see cref="FromEnvironment"/> for the user name.</summary>
    public const string UserVariable = "COUCHDB_USER";

    /// <summary>Environment variable read by <see cref="FromEnvironment"/> for the password.</summary>
    public const string PasswordVariable = "COUCHDB_PASSWORD";

    public CouchCredentials(string userName, string password)
    {
        ArgumentException.ThrowIfNullOrEmpty(userName);
        ArgumentNullException.ThrowIfNull(password);
        UserName = userName;
        Password = password;
    }

    public string UserName { get; }

    public string Password { get; }

    /// <summary>
    /// Reads <c>COUCHDB_USER</c>/<c>COUCHDB_PASSWORD</c> (or the given variable names); null when the user
    /// variable is unset or empty, which means "no authentication".
    /// </summary>
    public static CouchCredentials? FromEnvironment(string userVariable = UserVariable, string passwordVariable = PasswordVariable)
    {
        var user = Environment.GetEnvironmentVariable(userVariable);
        if (string.IsNullOrEmpty(user))
        {
            return null;
        }

        return new CouchCredentials(user, Environment.GetEnvironmentVariable(passwordVariable) ?? string.Empty);
    }

    internal string ToBasicHeaderValue() =>
        Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{UserName}:{Password}"));

    /// <inheritdoc />
    public override string ToString() => $"{UserName}:***";
}
