namespace Convergence.Domain.Social;

/// <summary>Rules shared by the projection, the spec and the clients.</summary>
public static class SocialRules
{
    /// <summary>Email addresses are unique case-insensitively and ignoring surrounding blanks.</summary>
    public static string NormalizeEmail(string email) => email.Trim().ToLowerInvariant();
}
