// get_reports (issue 9): GET /api/reports's query and figures, for agents.
import { z } from "zod";
import { digits } from "../fields";
import { botReport, reportQuery } from "../reports";

export const reportRequests = {
  get_reports: reportQuery(digits(z.number().int().min(0).max(Number.MAX_SAFE_INTEGER))),
};

export const reportResults = {
  get_reports: z.object({ data: botReport }),
};
