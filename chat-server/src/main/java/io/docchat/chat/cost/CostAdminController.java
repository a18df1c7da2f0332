package io.docchat.chat.cost;

import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/** Daily LLM cost by model, for operators (under the admin path, which security restricts). */
@RestController
@RequestMapping("/api/v1/admin/cost")
@Tag(name = "admin")
class CostAdminController {

    private final CostLedger ledger;

    CostAdminController(CostLedger ledger) {
        this.ledger = ledger;
    }

    @GetMapping("/daily")
    List<CostLedger.DailyCost> daily(@Parameter(description = "first day (UTC, YYYY-MM-DD); default 30 days before to")
                                     @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                                     @Parameter(description = "last day (UTC, YYYY-MM-DD); default today")
                                     @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
        LocalDate end = to != null ? to : LocalDate.now(ZoneOffset.UTC);
        LocalDate start = from != null ? from : end.minusDays(30);
        if (start.isAfter(end) || start.plusDays(366).isBefore(end)) {
            throw new IllegalArgumentException("from must be before to, at most a year apart");
        }
        return ledger.dailyByModel(start, end);
    }
}
