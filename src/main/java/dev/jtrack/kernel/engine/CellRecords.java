package dev.jtrack.kernel.engine;

import dev.jtrack.kernel.extension.CellError;
import dev.jtrack.kernel.extension.CellOutput;
import dev.jtrack.kernel.extension.CellRecord;
import dev.jtrack.kernel.extension.CellStatus;
import dev.jtrack.kernel.extension.VariableChange;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Builds the extension SPI's {@link CellRecord} from the engine's own types. */
final class CellRecords {
    private CellRecords() {}

    static CellRecord of(ExecuteRequest request, Instant startTime, Duration duration, ExecutionOutcome outcome,
            RecordingSink recording, List<VariableChange> changes) {
        return new CellRecord(request.code(), request.cellId(), request.executionCount(), startTime, duration,
                CellStatus.valueOf(outcome.status().name()), recording.stdout(), recording.stderr(),
                recording.displays().stream().map(CellRecords::output).toList(), output(outcome.result()),
                error(outcome.error()), changes);
    }

    private static CellOutput output(MimeBundle bundle) {
        return bundle == null ? null : new CellOutput(bundle.data(), bundle.metadata());
    }

    private static CellError error(ErrorInfo error) {
        return error == null ? null : new CellError(error.ename(), error.evalue(), error.traceback());
    }
}
