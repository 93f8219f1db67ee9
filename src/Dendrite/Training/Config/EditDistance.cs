namespace Dendrite.Training.Config;

/// <summary>Nearest-name suggestions for unknown keys and values ("did you mean 'threshold'?").</summary>
internal static class EditDistance
{
    /// <summary>Optimal-string-alignment distance: Levenshtein plus adjacent transposition, so
    /// "tresh" → "thres" costs one edit, the most common typo.</summary>
    public static int Between(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }
        for (int j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }
        for (int i = 1; i <= a.Length; i++)
        {
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }
        return d[a.Length, b.Length];
    }

    /// <summary>The candidate closest to <paramref name="name"/>, or null when none is plausibly a
    /// typo of it (more than about a third of its letters would have to change).</summary>
    public static string? Nearest(string name, IEnumerable<string> candidates)
    {
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (string candidate in candidates)
        {
            int distance = Between(name, candidate);
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }
        int limit = Math.Max(2, Math.Max(name.Length, best?.Length ?? 0) / 3);
        return bestDistance <= limit ? best : null;
    }
}
