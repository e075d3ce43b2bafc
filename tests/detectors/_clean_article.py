# ruff: noqa: E501  (one paragraph per line, as scraped articles come)
"""A long clean news article written for these tests (not taken from any data set).

It packs the constructions that trip naive damage, generation and consistency rules: abbreviations
(U.S., a.m., Mr., e.g., Inc.), numbers (1,200; 3.5), URLs and e-mail, ellipses, quotes, brand
names (iPhone, eBay), plurals of names (Democrats, Americans), two holders of one office marked
"former", ministers of different countries, and a short list.
"""

CLEAN_ARTICLE = """City Council Approves $3.5 Million Flood Plan After Long Debate

By Maria Lopez

RIVERTON, Ore. (Staff) - The Riverton City Council voted 7-2 at 11:40 p.m. on Tuesday to approve a $3.5 million plan to shore up levees along the Cedar River, ending a debate that began in the spring.

Mayor Dana Whitfield, who backed the plan, said the vote was "a relief, not a celebration." Former Mayor Tom Alvarez, who led the city during the 2019 floods, told the council that the levees had been neglected for decades. Whitfield said the work would start in May and take about 18 months.

The plan pays for 1,200 feet of new embankment, two pumping stations and a warning system that sends alerts to residents' phones, e.g. an iPhone or Android device. Residents can sign up at www.riverton.gov/alerts or by e-mail to alerts@riverton.gov. Items on sale through eBay and similar sites were not affected, officials said.

Councilman Rick Osei, one of two members who voted no, said the city should have sought federal money first. "We're spending local dollars on a federal problem," he said. Democrats and Republicans on the state's delegation have both asked the U.S. Army Corps of Engineers for help, but no grant has been announced.

Americans living along the river have faced rising insurance costs. Premiums in the area rose about 40% since 2020, according to the state insurance office. Mr. Osei said some families now pay more for flood coverage than for their mortgages.

The city's finance director, Priya Raman, said the plan would be paid for with a bond and would not raise property taxes this year. Moody's Investors Service rates the city's debt A2.

Canadian Foreign Minister Melanie Joly, who visited the region last month, and Mexican Foreign Minister Alicia Barcena have both called for shared work on river management across North America. Joly said the three countries should share flood data.

The work will come in three stages:
- levee repairs on the east bank;
- two new pumping stations;
- a warning system for residents.

Construction bids are due by Oct. 15. The council will hold a public hearing on the contracts... and residents may comment in writing until then.
"""
