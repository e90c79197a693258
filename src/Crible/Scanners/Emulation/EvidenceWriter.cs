namespace Crible.Scanners.Emulation;

/// <summary>One line of evidence per API call, as a responder reads it: the object and method, then the arguments.</summary>
internal sealed class EvidenceWriter(byte[] standIn)
{
    public static string Request(HttpRequest request) =>
        $"{request.Api}.Open {request.Method} {BehaviourAssessment.Clip(request.Url)} → answered {request.Status}" + (request.Status == 200 ? " with Crible's inert stand-in executable" : string.Empty);

    public string File(WrittenFile file)
    {
        var content = file.Content.AsSpan().SequenceEqual(standIn) ? "the downloaded stand-in" : file.Content is [(byte)'M', (byte)'Z', ..] ? "a Windows executable" : "content";
        return $"{file.Api} {file.Path} ({file.Content.Length} bytes, {content})";
    }

    public static string Command(CommandRun command) => $"{command.Api} {BehaviourAssessment.Clip(command.CommandLine)}";

    public static string Task((string Name, string Actions) task) => $"Schedule.Service RegisterTaskDefinition \"{task.Name}\": {BehaviourAssessment.Clip(task.Actions)}";
}
