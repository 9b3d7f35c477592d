using System.Text;

namespace Convergence.Cluster.Toxiproxy;

/// <summary>Path canonicalisation as gorilla/mux does it before routing (Go's <c>path.Clean</c>, trailing slash kept).</summary>
internal static class RequestPath
{
    /// <summary>"//version" → "/version", "/a/../b/" → "/b/", "" → "/".</summary>
    public static string Clean(string path)
    {
        if (path.Length == 0)
        {
            return "/";
        }

        var segments = new List<string>();
        foreach (var segment in path.Split('/'))
        {
            if (segment.Length == 0 || segment == ".")
            {
                continue;
            }

            if (segment == "..")
            {
                if (segments.Count > 0)
                {
                    segments.RemoveAt(segments.Count - 1);
                }

                continue;
            }

            segments.Add(segment);
        }

        var cleaned = "/" + string.Join('/', segments);
        return path.EndsWith('/') && cleaned != "/" ? cleaned + "/" : cleaned;
    }

    /// <summary>Escapes each segment for a Location header, keeping the slashes.</summary>
    public static string Escape(string path)
    {
        var escaped = new StringBuilder();
        var first = true;
        foreach (var segment in path.Split('/'))
        {
            escaped.Append(first ? "" : "/").Append(Uri.EscapeDataString(segment));
            first = false;
        }

        return escaped.ToString();
    }
}
